import AsyncHTTPClient
import Logging
import Synchronization

/// Sends finished spans to an OTLP/HTTP collector as JSON, in batches, from a background loop.
/// Enqueueing never blocks or fails a request: the queue is bounded (oldest dropped, drops counted).
public final class OTLPExporter: Sendable {
    /// Counters of what happened to spans handed to the exporter.
    public struct Statistics: Sendable, Equatable {
        public var exportedSpans = 0
        public var droppedSpans = 0
        public var failedSpans = 0
        public var requests = 0
    }

    public let endpoint: String
    private let headers: [(String, String)]
    private let serviceName: String
    private let queueCapacity: Int
    private let batchSize: Int
    private let interval: Duration
    private let timeout: Duration
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var queue: [SpanRecord] = []
        var statistics = Statistics()
    }

    public init(
        endpoint: String, headers: [(String, String)], serviceName: String, queueCapacity: Int, batchSize: Int,
        interval: Duration, timeout: Duration, logger: Logger = Logger(label: "flowgate.telemetry.otlp")
    ) {
        self.endpoint = endpoint
        self.headers = headers
        self.serviceName = serviceName
        self.queueCapacity = max(1, queueCapacity)
        self.batchSize = max(1, batchSize)
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    /// Queues spans for the next export; when the queue is full the oldest spans make room.
    public func enqueue(_ spans: [SpanRecord]) {
        guard !spans.isEmpty else { return }
        state.withLock { state in
            state.queue.append(contentsOf: spans)
            let excess = state.queue.count - queueCapacity
            if excess > 0 {
                state.queue.removeFirst(excess)
                state.statistics.droppedSpans += excess
            }
        }
    }

    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Spans waiting for export.
    public var queuedCount: Int { state.withLock { $0.queue.count } }

    /// Exports every `interval` until the task is cancelled, then sends what is still queued.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                break
            }
            await flush()
        }
        await flush()
    }

    /// Sends everything queued now, `batchSize` spans per request. Runs in a task of its own, so a cancelled
    /// caller (the loop at shutdown) still completes the export, bounded by the timeout.
    public func flush() async {
        await Task { await self.drain() }.value
    }

    private func drain() async {
        while true {
            let batch: [SpanRecord] = state.withLock { state in
                let count = min(batchSize, state.queue.count)
                let batch = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return batch
            }
            if batch.isEmpty { return }
            await send(batch)
        }
    }

    private func send(_ batch: [SpanRecord]) async {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(Array(OTLPTraceEncoding.encode(batch, serviceName: serviceName).utf8))
        let timeoutNanos = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        var succeeded = false
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(timeoutNanos))
            _ = try await response.body.collect(upTo: 1 << 20)
            succeeded = (200..<300).contains(Int(response.status.code))
            if !succeeded {
                logger.warning(
                    "OTLP export rejected",
                    metadata: ["status": "\(response.status.code)", "spans": "\(batch.count)"])
            }
        } catch {
            // The error names the endpoint at most; headers (which may hold keys) are never logged.
            logger.warning("OTLP export failed", metadata: ["error": "\(error)", "spans": "\(batch.count)"])
        }
        state.withLock { state in
            state.statistics.requests += 1
            if succeeded {
                state.statistics.exportedSpans += batch.count
            } else {
                state.statistics.failedSpans += batch.count
            }
        }
    }
}
