import Foundation

/// A JSON value as the W3C WebDriver protocol sends and receives it (Sendable, unlike Foundation's `Any`).
/// Numbers are `Double` as in JavaScript; element references arrive as objects keyed by `WebDriverValue.elementKey`.
public enum WebDriverValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([WebDriverValue])
    case object([String: WebDriverValue])

    /// The key under which WebDriver wraps an element reference.
    public static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// The text when this is a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number when this is one.
    public var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The flag when this is a boolean.
    public var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The items when this is an array.
    public var array: [WebDriverValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The member `key` when this is an object.
    public subscript(key: String) -> WebDriverValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Decodes JSON bytes (a WebDriver response body).
    static func decode(_ bytes: [UInt8]) throws -> WebDriverValue {
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        return WebDriverValue(foundation: object)
    }

    /// Encodes as JSON bytes (a WebDriver request body).
    func encoded() throws -> Data {
        try JSONSerialization.data(withJSONObject: foundationObject, options: [.fragmentsAllowed])
    }

    init(foundation object: Any) {
        switch object {
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumber too; their Objective-C type is "c" (char).
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else {
                self = .number(number.doubleValue)
            }
        case let text as String: self = .string(text)
        case let items as [Any]: self = .array(items.map(WebDriverValue.init(foundation:)))
        case let members as [String: Any]: self = .object(members.mapValues(WebDriverValue.init(foundation:)))
        default: self = .null
        }
    }

    var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .number(let number): return number
        case .string(let text): return text
        case .array(let items): return items.map(\.foundationObject)
        case .object(let members): return members.mapValues(\.foundationObject)
        }
    }
}

extension WebDriverValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: WebDriverValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, WebDriverValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(nilLiteral: ()) { self = .null }
}
