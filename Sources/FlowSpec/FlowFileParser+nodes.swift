import Yams

extension FlowFileParser {
    /// A parsed node and the YAML nodes its later checks point at.
    struct ParsedNode {
        var node: Node
        var nameNode: Yams.Node?
        var inputNodes: [String: Yams.Node] = [:]
        var whenNode: Yams.Node?
        /// "node 'x'" or "node 'x' variant 'v'", for messages.
        var label: String
    }

    /// One entry of `nodes:` (or a variant's `node:`, which takes its name from `forcedName`).
    mutating func parseNode(_ yaml: Yams.Node, index: Int, forcedName: String? = nil, variantID: String? = nil)
        -> ParsedNode?
    {
        guard yaml.pairs != nil else {
            let what =
                variantID.map { "variant '\($0)' of node '\(forcedName ?? "")' node" } ?? "nodes entry #\(index + 1)"
            diagnostics.add(
                "\(what) must be a mapping with name, type, source and inputs, not a \(yaml.yamlKindName)", at: yaml)
            return nil
        }
        let nameNode = yaml.value(for: "name")
        var name = forcedName ?? ""
        if forcedName == nil {
            name = "#\(index + 1)"
            if let nameNode, nameNode.pairs != nil || nameNode.flowValue.listValue != nil {
                _ = string(nameNode, "the name of nodes entry #\(index + 1)")
            } else if let text = nameNode.flatMap({ string($0, "") }), !text.isEmpty {
                name = text
            } else {
                diagnostics.add(
                    "nodes entry #\(index + 1) has no name; every node needs a unique `name:`", at: nameNode ?? yaml)
            }
        }
        let label = variantID.map { "node '\(name)' variant '\($0)'" } ?? "node '\(name)'"
        var node = Node(
            name: name, kind: nil, location: diagnostics.location(of: forcedName == nil ? (nameNode ?? yaml) : yaml))
        node.useVariants = bool(yaml.value(for: "use_variants"), "use_variants of \(label)")
        node.aggregation =
            bool(yaml.value(for: "aggregation"), "aggregation of \(label)")
            || bool(yaml.value(for: "reduce"), "reduce of \(label)")

        let kinds = Node.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        if let typeNode = yaml.value(for: "type"), let text = string(typeNode, "the type of \(label)") {
            if let kind = Node.Kind(rawValue: text) {
                node.kind = kind
            } else {
                diagnostics.add("\(label) has unknown type '\(text)'; expected one of \(kinds)", at: typeNode)
            }
        } else if !node.useVariants {
            diagnostics.add("\(label) has no type; add `type:` with one of \(kinds)", at: nameNode ?? yaml)
        }

        if let sourceNode = yaml.value(for: "source") {
            node.source = parseSource(sourceNode, label: label)
        } else if !node.useVariants {
            diagnostics.add(
                "\(label) has no source; add `source: {type: code, path: <file>}` or `source: {type: package, tool: <tool>}`",
                at: nameNode ?? yaml)
        }

        var parsed = ParsedNode(node: node, nameNode: nameNode, label: label)
        for (keyNode, valueNode) in mapping(yaml.value(for: "inputs"), "the inputs of \(label)") {
            let inputName = keyNode.scalarText ?? keyNode.flowValue.description
            let binding: Binding
            do {
                binding = try Binding.parse(valueNode.flowValue)
            } catch {
                diagnostics.add("\(label) input '\(inputName)': \(error)", at: valueNode)
                binding = .literal(valueNode.flowValue)
            }
            parsed.node.inputs.append(
                NodeInput(name: inputName, binding: binding, location: diagnostics.location(of: valueNode)))
            parsed.inputNodes[inputName] = valueNode
        }

        parsed.node.connection = string(yaml.value(for: "connection"), "the connection of \(label)")
        parsed.node.provider = string(yaml.value(for: "provider"), "the provider of \(label)")
        if let apiNode = yaml.value(for: "api"), let text = string(apiNode, "the api of \(label)") {
            if let api = Node.API(rawValue: text) {
                parsed.node.api = api
            } else {
                diagnostics.add("\(label) has unknown api '\(text)'; expected chat or completion", at: apiNode)
            }
        }
        if parsed.node.kind == .llm {
            if parsed.node.connection == nil {
                diagnostics.add(
                    "llm \(label) has no connection; set `connection:` to the name of an OpenAI or Azure OpenAI connection",
                    at: nameNode ?? yaml)
            }
            if yaml.value(for: "api") == nil {
                diagnostics.add("llm \(label) has no api; set `api: chat` or `api: completion`", at: nameNode ?? yaml)
            }
        }

        if let activateNode = yaml.value(for: "activate") {
            parseActivate(activateNode, into: &parsed)
        }

        let known: Set<String> = [
            "name", "type", "source", "inputs", "connection", "api", "provider", "activate", "aggregation", "reduce",
            "use_variants",
        ]
        for (keyNode, valueNode) in yaml.pairs ?? [] {
            guard let key = keyNode.scalarText, !known.contains(key) else { continue }
            parsed.node.extra[key] = valueNode.flowValue
        }
        return parsed
    }

    private mutating func parseSource(_ yaml: Yams.Node, label: String) -> Node.Source? {
        guard yaml.pairs != nil else {
            diagnostics.add(
                "the source of \(label) must be a mapping like {type: code, path: <file>}, not a \(yaml.yamlKindName)",
                at: yaml)
            return nil
        }
        let typeNode = yaml.value(for: "type")
        let type = string(typeNode, "the source type of \(label)") ?? "code"
        let pathNode = yaml.value(for: "path")
        let toolNode = yaml.value(for: "tool")
        let path = string(pathNode, "the source path of \(label)")
        let tool = string(toolNode, "the source tool of \(label)")
        switch type {
        case "code":
            guard let path, !path.isEmpty else {
                diagnostics.add(
                    "the source of \(label) has no path; add `path:` with a file in the flow folder", at: yaml)
                return nil
            }
            guard let checked = checkedPath(path, "the source path of \(label)", at: pathNode) else { return nil }
            return .code(path: checked)
        case "package":
            guard let tool, !tool.isEmpty else {
                diagnostics.add(
                    "the source of \(label) has no tool; add `tool:` with the package tool's name", at: yaml)
                return nil
            }
            return .package(tool: tool)
        case "package_with_prompt":
            guard let tool, !tool.isEmpty else {
                diagnostics.add(
                    "the source of \(label) has no tool; add `tool:` with the package tool's name", at: yaml)
                return nil
            }
            let checked = path.flatMap { checkedPath($0, "the source path of \(label)", at: pathNode) }
            if path != nil && checked == nil { return nil }
            return .packageWithPrompt(tool: tool, path: checked)
        default:
            diagnostics.add(
                "the source of \(label) has unknown type '\(type)'; expected code, package or package_with_prompt",
                at: typeNode)
            return nil
        }
    }

    private mutating func parseActivate(_ yaml: Yams.Node, into parsed: inout ParsedNode) {
        let label = parsed.label
        guard yaml.pairs != nil else {
            diagnostics.add(
                "activate of \(label) must be a mapping with 'when' and 'is', not a \(yaml.yamlKindName)", at: yaml)
            return
        }
        let whenNode = yaml.value(for: "when")
        let isNode = yaml.value(for: "is")
        let missing = [whenNode == nil ? "'when'" : nil, isNode == nil ? "'is'" : nil].compactMap { $0 }
        if !missing.isEmpty {
            diagnostics.add(
                "activate of \(label) has no \(missing.joined(separator: " and ")); activate needs both 'when' and 'is'",
                at: yaml)
            return
        }
        guard let whenNode, let isNode else { return }
        let when: Binding
        do {
            when = try Binding.parse(whenNode.flowValue)
        } catch {
            diagnostics.add("activate 'when' of \(label): \(error)", at: whenNode)
            return
        }
        guard when.isReference else {
            diagnostics.add(
                "activate 'when' of \(label) is the literal \(whenNode.flowValue); it must be a reference like ${node_name.output} or ${inputs.name}",
                at: whenNode)
            return
        }
        parsed.node.activate = Activate(when: when, value: isNode.flowValue)
        parsed.whenNode = whenNode
    }
}
