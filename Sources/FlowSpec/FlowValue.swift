/// A JSON-like value: what flow inputs, defaults, literals, init values and environment variables hold.
/// Objects keep their key order; equality follows JSON (and Python) and ignores that order.
public enum FlowValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([FlowValue])
    case object(FlowObject)

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object, when this is an object.
    public var objectValue: FlowObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The list, when this is a list.
    public var listValue: [FlowValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool { self == .null }

    /// The name of the kind of value, as a user reads it in an error message.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .list: "list"
        case .object: "object"
        }
    }
}

extension FlowValue: CustomStringConvertible {
    /// A compact JSON rendering, for messages and debugging.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return "\"" + FlowValue.escape(value) + "\""
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let object):
            return "{"
                + object.map { "\"\(FlowValue.escape($0.key))\": \($0.value.description)" }.joined(separator: ", ")
                + "}"
        }
    }

    private static func escape(_ string: String) -> String {
        var result = ""
        for character in string.unicodeScalars {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

extension FlowValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: FlowValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, FlowValue)...) {
        self = .object(FlowObject(elements))
    }
}
