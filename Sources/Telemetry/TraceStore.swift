import Synchronization

/// The most recent traces of one server, kept in memory for GET /traces: bounded by trace count and by
/// approximate bytes (the oldest trace is evicted first) and by spans per trace, safe to use from any thread.
public final class TraceStore: Sendable {
    /// Spans kept per trace; later spans of a full trace are dropped (a caller can post feedback forever).
    public static let maxSpansPerTrace = 1000

    public let capacity: Int
    /// Approximate memory the spans may take (strings' UTF-8 bytes plus a fixed cost per span and attribute).
    public let maxBytes: Int
    private let state: Mutex<State>

    private struct State {
        var spansByTrace: [String: [SpanRecord]] = [:]
        var bytesByTrace: [String: Int] = [:]
        /// Trace ids, oldest first.
        var order: [String] = []
        var bytes = 0
        var evicted = 0

        mutating func evictOldest() {
            let oldest = order.removeFirst()
            spansByTrace[oldest] = nil
            bytes -= bytesByTrace.removeValue(forKey: oldest) ?? 0
            evicted += 1
        }
    }

    public init(capacity: Int, maxBytes: Int = 64 << 20) {
        self.capacity = max(1, capacity)
        self.maxBytes = max(1, maxBytes)
        self.state = Mutex(State())
    }

    /// Adds finished spans; a trace already stored gains them, a new one may evict the oldest.
    public func add(_ spans: [SpanRecord]) {
        guard !spans.isEmpty else { return }
        state.withLock { state in
            for span in spans {
                let size = TraceStore.approximateBytes(span)
                guard size <= maxBytes else { continue }
                if state.spansByTrace[span.traceID] != nil {
                    guard state.spansByTrace[span.traceID]!.count < TraceStore.maxSpansPerTrace else { continue }
                    state.spansByTrace[span.traceID]!.append(span)
                } else {
                    state.spansByTrace[span.traceID] = [span]
                    state.order.append(span.traceID)
                }
                state.bytesByTrace[span.traceID, default: 0] += size
                state.bytes += size
                while !state.order.isEmpty && (state.order.count > capacity || state.bytes > maxBytes) {
                    state.evictOldest()
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

    /// Approximate bytes the stored spans take.
    public var byteCount: Int { state.withLock { $0.bytes } }

    /// Traces evicted since start.
    public var evictedCount: Int { state.withLock { $0.evicted } }

    static func approximateBytes(_ span: SpanRecord) -> Int {
        var bytes = 256 + span.name.utf8.count + (span.traceState?.utf8.count ?? 0)
        for (key, value) in span.attributes { bytes += 32 + key.utf8.count + approximateBytes(value) }
        for event in span.events {
            bytes += 64 + event.name.utf8.count
            for (key, value) in event.attributes { bytes += 32 + key.utf8.count + approximateBytes(value) }
        }
        if case .error(let message) = span.status { bytes += message.utf8.count }
        return bytes
    }

    private static func approximateBytes(_ value: SpanValue) -> Int {
        switch value {
        case .string(let text): return text.utf8.count
        case .int, .double, .bool: return 8
        case .array(let items): return items.reduce(16) { $0 + 16 + approximateBytes($1) }
        }
    }
}
