import Synchronization

/// The most recent traces of one server, kept in memory for GET /traces: bounded by trace count
/// (the oldest trace is evicted first) and by spans per trace, safe to use from any thread.
public final class TraceStore: Sendable {
    /// Spans kept per trace; later spans of a full trace are dropped (a caller can post feedback forever).
    public static let maxSpansPerTrace = 1000

    public let capacity: Int
    private let state: Mutex<State>

    private struct State {
        var spansByTrace: [String: [SpanRecord]] = [:]
        /// Trace ids, oldest first.
        var order: [String] = []
        var evicted = 0
    }

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State())
    }

    /// Adds finished spans; a trace already stored gains them, a new one may evict the oldest.
    public func add(_ spans: [SpanRecord]) {
        guard !spans.isEmpty else { return }
        state.withLock { state in
            for span in spans {
                if var existing = state.spansByTrace[span.traceID] {
                    guard existing.count < TraceStore.maxSpansPerTrace else { continue }
                    existing.append(span)
                    state.spansByTrace[span.traceID] = existing
                } else {
                    state.spansByTrace[span.traceID] = [span]
                    state.order.append(span.traceID)
                    if state.order.count > capacity {
                        let oldest = state.order.removeFirst()
                        state.spansByTrace[oldest] = nil
                        state.evicted += 1
                    }
                }
            }
        }
    }

    /// Up to `limit` traces, newest first, each as its spans in the order they finished.
    public func recent(limit: Int) -> [[SpanRecord]] {
        state.withLock { state in
            state.order.reversed().prefix(max(0, limit)).compactMap { state.spansByTrace[$0] }
        }
    }

    /// All spans of one trace, or nil when it is unknown or was evicted.
    public func trace(id: String) -> [SpanRecord]? {
        state.withLock { $0.spansByTrace[id.lowercased()] }
    }

    /// Traces stored now.
    public var count: Int { state.withLock { $0.order.count } }

    /// Traces evicted since start.
    public var evictedCount: Int { state.withLock { $0.evicted } }
}
