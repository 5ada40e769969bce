import Foundation

/// A parser for the subset of Python's `ast.literal_eval` that maps onto JSON: strings (with
/// prefixes `r`/`u`, escapes, triple quotes and implicit concatenation), numbers (with `_`, hex,
/// octal, binary, unary `+`/`-`), `True`/`False`/`None`, lists, tuples (as arrays) and dicts with
/// string keys. JSON's `true`/`false`/`null` are names in Python and are rejected, as
/// `literal_eval` rejects them. Sets, bytes, complex numbers and non-string keys are rejected too
/// (they have no JSON form).
enum PythonLiteral {
    struct ParseError: Error, Equatable {
        let message: String
    }

    static func parse(_ text: String) throws -> JSONValue {
        var p = Parser(Array(text.unicodeScalars))
        // literal_eval strips leading spaces and tabs; the tokenizer then skips the rest.
        p.skipTrivia()
        let value = try p.parseExpression()
        p.skipTrivia()
        guard p.atEnd else { throw ParseError(message: "unexpected text after the literal") }
        return value
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var depth = 0

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var atEnd: Bool { i >= s.count }
        func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

        /// Whitespace, newlines (inside brackets), comments and backslash continuations.
        mutating func skipTrivia() {
            while let c = peek() {
                if c == " " || c == "\t" || c == "\u{0C}" || ((c == "\n" || c == "\r") && depth > 0) {
                    i += 1
                } else if c == "\\", peek(1) == "\n" {
                    i += 2
                } else if c == "#" {
                    while let d = peek(), d != "\n" { i += 1 }
                } else {
                    return
                }
            }
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            skipTrivia()
            guard peek() == c else { throw ParseError(message: "expected '\(c)'") }
            i += 1
        }

        mutating func parseExpression() throws -> JSONValue {
            skipTrivia()
            guard let c = peek() else { throw ParseError(message: "unexpected end") }
            switch c {
            case "[":
                i += 1
                depth += 1
                let items = try parseItems(closing: "]")
                depth -= 1
                return .array(items)
            case "(":
                i += 1
                depth += 1
                skipTrivia()
                if peek() == ")" {
                    i += 1
                    depth -= 1
                    return .array([])
                }
                let first = try parseExpression()
                skipTrivia()
                if peek() == ")" {
                    i += 1
                    depth -= 1
                    return first  // a parenthesised expression, not a tuple
                }
                try expect(",")
                var items = [first]
                items += try parseItems(closing: ")")
                depth -= 1
                return .array(items)
            case "{":
                i += 1
                depth += 1
                let dict = try parseDict()
                depth -= 1
                return dict
            case "+", "-":
                i += 1
                skipTrivia()
                let operand = try parseExpression()
                switch operand {
                case .int(let v): return c == "-" ? .int(-v) : .int(v)
                case .double(let v): return c == "-" ? .double(-v) : .double(v)
                default: throw ParseError(message: "unary operator on a non-number")
                }
            case "\"", "'":
                return .string(try parseStrings())
            default:
                if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
                    return try parseNumber()
                }
                if isNameStart(c) {
                    let start = i
                    while let d = peek(), isNameChar(d) { i += 1 }
                    let name = String(String.UnicodeScalarView(s[start..<i]))
                    if let q = peek(), q == "\"" || q == "'" {
                        let prefix = name.lowercased()
                        if prefix == "r" || prefix == "u" {
                            i = start
                            return .string(try parseStrings())
                        }
                        throw ParseError(message: "unsupported string prefix '\(name)'")
                    }
                    switch name {
                    case "True": return .bool(true)
                    case "False": return .bool(false)
                    case "None": return .null
                    default: throw ParseError(message: "malformed node or string: name '\(name)'")
                    }
                }
                throw ParseError(message: "unexpected character '\(c)'")
            }
        }

        /// Comma-separated items up to `closing`, allowing a trailing comma.
        mutating func parseItems(closing: Unicode.Scalar) throws -> [JSONValue] {
            var items: [JSONValue] = []
            while true {
                skipTrivia()
                if peek() == closing {
                    i += 1
                    return items
                }
                items.append(try parseExpression())
                skipTrivia()
                if peek() == "," {
                    i += 1
                } else if peek() == closing {
                    i += 1
                    return items
                } else {
                    throw ParseError(message: "expected ',' or '\(closing)'")
                }
            }
        }

        mutating func parseDict() throws -> JSONValue {
            var members: [String: JSONValue] = [:]
            while true {
                skipTrivia()
                if peek() == "}" {
                    i += 1
                    return .object(members)
                }
                let key = try parseExpression()
                skipTrivia()
                guard peek() == ":" else { throw ParseError(message: "sets are not supported") }
                i += 1
                let value = try parseExpression()
                guard case .string(let k) = key else { throw ParseError(message: "non-string dict key") }
                members[k] = value
                skipTrivia()
                if peek() == "," {
                    i += 1
                } else if peek() == "}" {
                    i += 1
                    return .object(members)
                } else {
                    throw ParseError(message: "expected ',' or '}'")
                }
            }
        }

        /// One or more adjacent string literals, concatenated.
        mutating func parseStrings() throws -> String {
            var result = ""
            repeat {
                result += try parseOneString()
                skipTrivia()
            } while startsString()
            return result
        }

        func startsString() -> Bool {
            guard let c = peek() else { return false }
            if c == "\"" || c == "'" { return true }
            if c == "r" || c == "R" || c == "u" || c == "U" {
                if let q = peek(1), q == "\"" || q == "'" { return true }
            }
            return false
        }

        mutating func parseOneString() throws -> String {
            var raw = false
            if let c = peek(), c == "r" || c == "R" {
                raw = true
                i += 1
            } else if let c = peek(), c == "u" || c == "U" {
                i += 1
            }
            guard let quote = peek(), quote == "\"" || quote == "'" else {
                throw ParseError(message: "expected a string")
            }
            let triple = peek(1) == quote && peek(2) == quote
            i += triple ? 3 : 1
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek() else { throw ParseError(message: "unterminated string") }
                if c == quote {
                    if !triple {
                        i += 1
                        return String(out)
                    }
                    if peek(1) == quote && peek(2) == quote {
                        i += 3
                        return String(out)
                    }
                    out.append(c)
                    i += 1
                    continue
                }
                if c == "\n" && !triple { throw ParseError(message: "unterminated string") }
                if c == "\\" {
                    guard let e = peek(1) else { throw ParseError(message: "unterminated string") }
                    if raw {
                        out.append(c)
                        out.append(e)
                        i += 2
                        continue
                    }
                    i += 2
                    switch e {
                    case "\n": break
                    case "\\": out.append("\\")
                    case "'": out.append("'")
                    case "\"": out.append("\"")
                    case "a": out.append("\u{07}")
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "v": out.append("\u{0B}")
                    case "x": out.append(try hexScalar(2))
                    case "u": out.append(try hexScalar(4))
                    case "U": out.append(try hexScalar(8))
                    case "0"..."7":
                        var value = e.value - 48
                        var n = 1
                        while n < 3, let d = peek(), ("0"..."7").contains(d) {
                            value = value * 8 + (d.value - 48)
                            i += 1
                            n += 1
                        }
                        guard let scalar = Unicode.Scalar(value) else { throw ParseError(message: "bad escape") }
                        out.append(scalar)
                    case "N": throw ParseError(message: "\\N{...} escapes are not supported")
                    default:
                        out.append("\\")
                        out.append(e)
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
        }

        mutating func hexScalar(_ count: Int) throws -> Unicode.Scalar {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let d = peek(), let v = hexValue(d) else { throw ParseError(message: "truncated escape") }
                value = value * 16 + v
                i += 1
            }
            guard let scalar = Unicode.Scalar(value) else { throw ParseError(message: "bad escape") }
            return scalar
        }

        mutating func parseNumber() throws -> JSONValue {
            let start = i
            while let c = peek(), isNameChar(c) || c == "." || ((c == "+" || c == "-") && isExponentSign()) {
                i += 1
            }
            let token = String(String.UnicodeScalarView(s[start..<i]))
            if token.hasSuffix("j") || token.hasSuffix("J") {
                throw ParseError(message: "complex numbers are not supported")
            }
            if token.contains("__") || token.hasSuffix("_") || token.contains("._") || token.contains("_.") {
                throw ParseError(message: "invalid number '\(token)'")
            }
            let clean = token.replacingOccurrences(of: "_", with: "")
            let lower = clean.lowercased()
            for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
                guard let v = Int(lower.dropFirst(2), radix: radix) else {
                    throw ParseError(message: "invalid number '\(token)'")
                }
                return .int(v)
            }
            if lower.allSatisfy({ $0.isASCII && $0.isNumber }) {
                // Python rejects leading zeros in decimal integers other than 0 itself.
                if lower.count > 1, lower.hasPrefix("0"), lower.contains(where: { $0 != "0" }) {
                    throw ParseError(message: "invalid number '\(token)'")
                }
                if let v = Int(lower) { return .int(v) }
                if let d = Double(lower) { return .double(d) }
            }
            guard lower.first != "i", lower.first != "n", let d = Double(lower) else {
                throw ParseError(message: "invalid number '\(token)'")
            }
            return .double(d)
        }

        func isExponentSign() -> Bool {
            guard i > 0 else { return false }
            let prev = s[i - 1]
            return prev == "e" || prev == "E"
        }

        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        func isNameStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c.properties.isXIDStart
        }
        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c.properties.isXIDContinue
        }
        func hexValue(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": return c.value - 48
            case "a"..."f": return c.value - 97 + 10
            case "A"..."F": return c.value - 65 + 10
            default: return nil
            }
        }
    }
}
