import FlowSpec

/// Python's `repr()` and `str()` of JSON-like values, for messages that promptflow formats with Python
/// (`Required input fields ['x'] are missing in request data {'a': 1}`) and for `str`-typed inputs.
public enum PythonRepr {
    /// `repr(value)`: `'text'`, `True`, `None`, `1.0`, `[1, 'a']`, `{'k': None}`.
    public static func repr(_ value: FlowValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// `str(value)`: strings as they are, everything else as `repr`.
    public static func str(_ value: FlowValue) -> String {
        if case .string(let text) = value { return text }
        return repr(value)
    }

    /// `repr` of a list of strings, e.g. `['a', 'b']`.
    public static func repr(strings: [String]) -> String {
        repr(.list(strings.map { .string($0) }))
    }

    static func write(_ value: FlowValue, into out: inout String) {
        switch value {
        case .null: out += "None"
        case .bool(let flag): out += flag ? "True" : "False"
        case .int(let number): out += String(number)
        case .double(let number): out += number.description
        case .string(let text): out += string(text)
        case .list(let items):
            out += "["
            for (position, item) in items.enumerated() {
                if position > 0 { out += ", " }
                write(item, into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            var first = true
            for (key, item) in object {
                if !first { out += ", " }
                first = false
                out += string(key)
                out += ": "
                write(item, into: &out)
            }
            out += "}"
        }
    }

    /// `repr(text)` for a `str`: single quotes unless the text has `'` and no `"`.
    public static func string(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += escaped(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        if scalar.value < 0x20 || scalar.value == 0x7F { return false }
        if scalar.isASCII { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if scalar.value < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
