/// The value of a span attribute, in the kinds OTLP's JSON encoding carries (`stringValue`, `intValue`,
/// `doubleValue`, `boolValue`, `arrayValue`).
public enum SpanValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([SpanValue])

    /// Strings (also inside arrays) cut to `limit` characters, as OpenTelemetry's attribute value length limit does.
    public func truncated(to limit: Int) -> SpanValue {
        switch self {
        case .string(let text) where text.count > limit: return .string(String(text.prefix(max(0, limit))))
        case .array(let items): return .array(items.map { $0.truncated(to: limit) })
        default: return self
        }
    }
}
