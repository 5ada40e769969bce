/// The value of a span attribute, in the kinds OTLP's JSON encoding carries (`stringValue`, `intValue`,
/// `doubleValue`, `boolValue`, `arrayValue`).
public enum SpanValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([SpanValue])
}
