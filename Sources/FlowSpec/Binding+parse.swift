extension Binding {
    /// Parses a YAML value: a string that is wholly `${…}` becomes a reference, anything else a literal.
    /// Throws `BindingSyntaxError` when a `${…}` string is not a well-formed reference (`${inputs.}`).
    public static func parse(_ value: FlowValue) throws(BindingSyntaxError) -> Binding {
        guard case .string(let text) = value, text.hasPrefix("${"), text.hasSuffix("}"), text.count >= 3 else {
            return .literal(value)
        }
        let body = Array(text.dropFirst(2).dropLast())
        func fail(_ reason: String) -> BindingSyntaxError { BindingSyntaxError(reference: text, reason: reason) }
        if body.isEmpty { throw fail("the reference is empty") }
        var index = 0
        let head = readName(body, &index)
        if head.isEmpty {
            throw fail("expected a node name or 'inputs.' at the start")
        }
        if head == "inputs" || head == "flow" {
            guard index < body.count, body[index] == "." else {
                throw fail("expected '.' and a flow input name after '\(head)'")
            }
            index += 1
            let name = readName(body, &index)
            if name.isEmpty { throw fail("expected a flow input name after '\(head).'") }
            if index < body.count {
                throw fail("a flow input reference cannot go into the value ('\(String(body[index...]))')")
            }
            return .flowInput(name)
        }
        if index == body.count { return .nodeOutput(node: head, path: []) }
        guard body[index] == "." else { throw fail("expected '.output' after the node name '\(head)'") }
        index += 1
        let section = readName(body, &index)
        if section.isEmpty { throw fail("expected 'output' after '\(head).'") }
        if section != "output" {
            if index < body.count { throw fail("only a node's 'output' can be followed by a path") }
            return .nodeVariant(node: head, variant: section)
        }
        var path: [PathComponent] = []
        while index < body.count {
            switch body[index] {
            case ".":
                index += 1
                let key = readName(body, &index)
                if key.isEmpty { throw fail("expected a key after '.'") }
                path.append(.key(key))
            case "[":
                index += 1
                guard index < body.count else { throw fail("unclosed '['") }
                if body[index] == "'" || body[index] == "\"" {
                    let quote = body[index]
                    index += 1
                    var key = ""
                    while index < body.count, body[index] != quote {
                        key.append(body[index])
                        index += 1
                    }
                    guard index + 1 < body.count, body[index + 1] == "]" else {
                        throw fail("expected \(quote)] to close the key")
                    }
                    index += 2
                    path.append(.key(key))
                } else {
                    var digits = ""
                    while index < body.count, body[index].isASCII, body[index].isNumber {
                        digits.append(body[index])
                        index += 1
                    }
                    guard !digits.isEmpty, index < body.count, body[index] == "]", let number = Int(digits) else {
                        throw fail("expected a number or a quoted key inside '[…]'")
                    }
                    index += 1
                    path.append(.index(number))
                }
            default:
                throw fail("unexpected '\(body[index])'")
            }
        }
        return .nodeOutput(node: head, path: path)
    }

    private static func readName(_ body: [Character], _ index: inout Int) -> String {
        var name = ""
        while index < body.count,
            body[index].isLetter || body[index].isNumber || body[index] == "_" || body[index] == "-"
        {
            name.append(body[index])
            index += 1
        }
        return name
    }
}
