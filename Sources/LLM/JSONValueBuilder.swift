import JSONSyntax

/// How the shared JSON scanner builds `JSONValue`s (`JSONValue(parsing:)`): RFC 8259 only (no `NaN` or
/// `Infinity`, no number beyond `Double`), unordered objects where a repeated key keeps its last value.
enum JSONValueBuilder: JSONBuilder {
    static func string(_ text: String) -> JSONValue { .string(text) }
    static func int(_ value: Int) -> JSONValue { .int(value) }
    static func double(_ value: Double) -> JSONValue { .double(value) }
    static func bool(_ value: Bool) -> JSONValue { .bool(value) }
    static func null() -> JSONValue { .null }
    static func list(_ elements: [JSONValue]) -> JSONValue { .array(elements) }
    static func makeObject() -> [String: JSONValue] { [:] }
    static func insert(_ value: JSONValue, forKey key: String, into object: inout [String: JSONValue]) {
        object[key] = value
    }
    static func object(_ object: [String: JSONValue]) -> JSONValue { .object(object) }
}
