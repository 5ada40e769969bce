import Foundation

/// promptflow's `flatten=true` feedback: each top-level key of a JSON object becomes an attribute; strings,
/// numbers and booleans as they are, lists as array attributes, anything else as Python's `json.dumps` text.
enum FeedbackAttributes {
    /// Nil when the body is not a JSON object (the caller falls back to one `feedback` attribute).
    static func flattened(_ body: String) -> [(String, SpanValue)]? {
        guard case .object(let object)? = try? JSONDecoder().decode(Value.self, from: Data(body.utf8)) else {
            return nil
        }
        return object.keys.sorted().map { key in (key, attribute(object[key] ?? .null)) }
    }

    private static func attribute(_ value: Value) -> SpanValue {
        switch value {
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(attribute))
        case .null, .object: return .string(pythonJSON(value))
        }
    }

    /// `json.dumps` with its defaults: `", "` and `": "` separators, non-ASCII as `\uXXXX` (keys sorted here).
    static func pythonJSON(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return pythonString(text)
        case .array(let items): return "[" + items.map(pythonJSON).joined(separator: ", ") + "]"
        case .object(let members):
            return "{"
                + members.keys.sorted().map { pythonString($0) + ": " + pythonJSON(members[$0]!) }
                .joined(separator: ", ") + "}"
        }
    }

    private static func pythonString(_ text: String) -> String {
        var output = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x08: output += "\\b"
            case 0x0C: output += "\\f"
            case 0x20..<0x7F: output.unicodeScalars.append(Unicode.Scalar(unit)!)
            default:
                let digits = String(unit, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            }
        }
        return output + "\""
    }

    /// A parsed JSON value (booleans kept apart from numbers).
    indirect enum Value: Decodable {
        case null, bool(Bool), int(Int), double(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .int(number)
            } else if let number = try? container.decode(Double.self) {
                self = .double(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if let items = try? container.decode([Value].self) {
                self = .array(items)
            } else {
                self = .object(try container.decode([String: Value].self))
            }
        }
    }
}
