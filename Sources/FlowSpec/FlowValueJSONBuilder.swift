import JSONSyntax

/// How the shared JSON scanner builds `FlowValue`s (`FlowValue(json:)`): ordered objects where a repeated key
/// keeps its first position and its last value, as in Python; integers beyond 64 bits become doubles.
enum FlowValueJSONBuilder: JSONBuilder {
    static func string(_ text: String) -> FlowValue { .string(text) }
    static func int(_ value: Int) -> FlowValue { .int(value) }
    static func double(_ value: Double) -> FlowValue { .double(value) }
    static func bool(_ value: Bool) -> FlowValue { .bool(value) }
    static func null() -> FlowValue { .null }
    static func list(_ elements: [FlowValue]) -> FlowValue { .list(elements) }
    static func makeObject() -> FlowObject { FlowObject() }
    static func insert(_ value: FlowValue, forKey key: String, into object: inout FlowObject) { object[key] = value }
    static func object(_ object: FlowObject) -> FlowValue { .object(object) }
}
