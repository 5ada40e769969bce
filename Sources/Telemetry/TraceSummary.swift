import Foundation

/// One line of GET /traces: a trace seen through its root span (the span whose parent is not in the trace),
/// with the request's run id, HTTP status and the tokens its LLM calls used.
public struct TraceSummary: Sendable, Equatable {
    public var traceID: String
    public var name: String
    public var startUnixNano: UInt64
    public var durationNanos: UInt64
    public var status: String
    public var runID: String?
    public var httpStatus: Int?
    public var totalTokens: Int
    public var spanCount: Int

    public init(spans: [SpanRecord]) {
        let ids = Set(spans.map(\.spanID))
        let root =
            spans.first(where: { $0.parentSpanID == nil || !ids.contains($0.parentSpanID!) }) ?? spans[0]
        let start = spans.map(\.startUnixNano).min() ?? root.startUnixNano
        let end = spans.map(\.endUnixNano).max() ?? root.endUnixNano
        traceID = root.traceID
        name = root.name
        startUnixNano = start
        durationNanos = end >= start ? end - start : 0
        if spans.contains(where: { if case .error = $0.status { return true } else { return false } }) {
            status = "error"
        } else {
            status = root.status == .ok ? "ok" : "unset"
        }
        if case .string(let run)? = root.attribute(SpanAttributeName.runID) { runID = run } else { runID = nil }
        if case .int(let code)? = root.attribute(SpanAttributeName.httpStatus) {
            httpStatus = code
        } else {
            httpStatus = nil
        }
        totalTokens = spans.reduce(0) { sum, span in
            if span.attribute(SpanAttributeName.spanType) == .string("LLM"),
                case .int(let tokens)? = span.attribute(SpanAttributeName.totalTokens)
            {
                return sum + tokens
            }
            return sum
        }
        spanCount = spans.count
    }
}
