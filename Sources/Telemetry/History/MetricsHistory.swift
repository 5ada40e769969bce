import Foundation
import Synchronization

/// A per-minute history of each deployment's requests, latency and tokens over the last hour, kept in memory
/// for the console's Monitoring tab (`GET /api/v1/endpoints/{e}/deployments/{d}/metrics`).
///
/// The gateway records each answer (`recordRequest`), the instances' telemetry each LLM node's tokens
/// (`recordTokens`). Memory is bounded: `minutes` slots per deployment, each a fixed-size latency histogram.
public final class MetricsHistory: Sendable {
    /// How many minutes are kept, the current one included.
    public let minutes: Int
    private let state = Mutex<[Key: Slots]>([:])

    struct Key: Hashable {
        let endpoint: String
        let deployment: String
    }

    /// One minute's counters; `minute` says which minute (Unix seconds / 60) the slot currently holds.
    struct Slot {
        var minute: Int64 = -1
        var requests: [String: Int] = [:]
        var latency = LatencyHistogram()
        var promptTokens = 0
        var completionTokens = 0
    }

    /// A ring of slots indexed by minute modulo its size.
    struct Slots {
        var ring: [Slot]

        init(count: Int) {
            ring = Array(repeating: Slot(), count: count)
        }

        /// Applies `change` to `minute`'s slot in place, first clearing a slot that still holds an older minute.
        mutating func update(minute: Int64, _ change: (inout Slot) -> Void) {
            let index = Int(minute % Int64(ring.count))
            if ring[index].minute != minute { ring[index] = Slot(minute: minute) }
            change(&ring[index])
        }
    }

    public init(minutes: Int = 60) {
        self.minutes = max(1, minutes)
    }

    /// One answered request of `deployment` with its status and time to the last byte.
    public func recordRequest(
        endpoint: String, deployment: String, statusCode: Int, duration: Duration, at date: Date = Date()
    ) {
        let milliseconds =
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        update(Key(endpoint: endpoint, deployment: deployment), at: date) { slot in
            slot.requests[MinuteSummary.statusClass(statusCode), default: 0] += 1
            slot.latency.record(milliseconds: milliseconds)
        }
    }

    /// Tokens one LLM call of `deployment` consumed.
    public func recordTokens(
        endpoint: String, deployment: String, prompt: Int, completion: Int, at date: Date = Date()
    ) {
        guard prompt > 0 || completion > 0 else { return }
        update(Key(endpoint: endpoint, deployment: deployment), at: date) { slot in
            slot.promptTokens += max(0, prompt)
            slot.completionTokens += max(0, completion)
        }
    }

    /// The last `count` minutes of `deployment` (at most `minutes`), oldest first, the current minute last;
    /// minutes without traffic are included with zero counts so a chart's time axis has no gaps.
    public func summaries(endpoint: String, deployment: String, count: Int, now: Date = Date()) -> [MinuteSummary] {
        let current = Self.minute(of: now)
        let wanted = min(max(1, count), minutes)
        let slots = state.withLock { $0[Key(endpoint: endpoint, deployment: deployment)]?.ring }
        return (0..<wanted).reversed().map { back in
            let minute = current - Int64(back)
            let slot = slots.map { $0[Int(minute % Int64($0.count))] }.flatMap { $0.minute == minute ? $0 : nil }
            var requests = Dictionary(uniqueKeysWithValues: MinuteSummary.statusClasses.map { ($0, 0) })
            requests.merge(slot?.requests ?? [:]) { $1 }
            return MinuteSummary(
                start: Date(timeIntervalSince1970: Double(minute * 60)), requests: requests,
                latencyP50Milliseconds: slot?.latency.percentile(0.50),
                latencyP95Milliseconds: slot?.latency.percentile(0.95),
                latencyP99Milliseconds: slot?.latency.percentile(0.99),
                promptTokens: slot?.promptTokens ?? 0, completionTokens: slot?.completionTokens ?? 0)
        }
    }

    /// Drops a deleted deployment's history.
    public func forget(endpoint: String, deployment: String) {
        _ = state.withLock { $0.removeValue(forKey: Key(endpoint: endpoint, deployment: deployment)) }
    }

    /// Drops the history of every deployment of a deleted endpoint.
    public func forgetEndpoint(_ endpoint: String) {
        state.withLock { table in
            for key in table.keys where key.endpoint == endpoint { table[key] = nil }
        }
    }

    private func update(_ key: Key, at date: Date, _ change: (inout Slot) -> Void) {
        let minute = Self.minute(of: date)
        let count = minutes
        state.withLock { table in
            // In place through the dictionary's modify accessor: no copy of the ring per request.
            table[key, default: Slots(count: count)].update(minute: minute, change)
        }
    }

    static func minute(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / 60).rounded(.down))
    }
}
