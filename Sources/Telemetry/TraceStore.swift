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

    /// One stored trace: its spans in the order they finished and their approximate bytes.
    private struct Entry {
        var spans: [SpanRecord]
        var bytes: Int
    }

    private struct State {
        var traces: [String: Entry] = [:]
        /// Trace ids, oldest first, from `head` on: evicting advances `head` (no shifting of the whole list on
        /// every request once the store is full); the dead prefix is dropped when it outgrows the live part.
        var order: [String] = []
        var head = 0
        var bytes = 0
        var evicted = 0

        var count: Int { order.count - head }

        /// Ids from newest to oldest.
        var newestFirst: ReversedCollection<ArraySlice<String>> { order[head...].reversed() }

        mutating func evictOldest() {
            let oldest = order[head]
            head += 1
            if head > 64 && head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
            bytes -= traces.removeValue(forKey: oldest)?.bytes ?? 0
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
                if let index = state.traces.index(forKey: span.traceID) {
                    guard state.traces.values[index].spans.count < TraceStore.maxSpansPerTrace else { continue }
                    state.traces.values[index].spans.append(span)
                    state.traces.values[index].bytes += size
                } else {
                    state.traces[span.traceID] = Entry(spans: [span], bytes: size)
                    state.order.append(span.traceID)
                }
                state.bytes += size
                while state.count > 0 && (state.count > capacity || state.bytes > maxBytes) {
                    state.evictOldest()
                }
            }
        }
    }

    /// Up to `limit` traces, newest first, each as its spans in the order they finished.
    public func recent(limit: Int) -> [[SpanRecord]] {
        state.withLock { state in
            state.newestFirst.prefix(max(0, limit)).compactMap { state.traces[$0]?.spans }
        }
    }

    /// All spans of one trace, or nil when it is unknown or was evicted.
    public func trace(id: String) -> [SpanRecord]? {
        state.withLock { $0.traces[id.lowercased()]?.spans }
    }

    /// Traces stored now.
    public var count: Int { state.withLock { $0.count } }

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
