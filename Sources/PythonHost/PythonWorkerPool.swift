import Foundation

/// Up to `size` Python workers for one flow environment, started lazily. A call goes to an idle worker; else a
/// new worker is started while there are fewer than `size`; else a plain call is queued on the busy worker with
/// the fewest calls in flight, if it has fewer than `pipelineDepth`, only plain calls, and none of them has been
/// running for long (its host runs them one after another); else the call waits in a bounded queue. A worker that died or was killed is dropped and
/// replaced on demand; the calls queued on it that had not started are dispatched again.
/// Default size: min(4, active processor count).
public final class PythonWorkerPool: @unchecked Sendable {
    /// The most workers this pool runs at once.
    public let size: Int
    /// The most calls that may wait for a worker before new ones fail with `queueFull`.
    public let queueLimit: Int
    /// The most calls in flight on one worker (the running one included); 1 sends a worker one call at a time.
    public let pipelineDepth: Int
    /// The default `pipelineDepth`. With 16 callers on a pool of 2 pinned to one core (run-python-call.sh), trivial
    /// calls went from ~23k/s at depth 1 to ~42k/s at 4 and ~58k/s at 8; 16 gained nothing over 8.
    public static let defaultPipelineDepth = 8
    /// A plain call is queued behind others only while the frames queued on that worker stay under this many
    /// bytes, so writing a frame never waits for the host to read (a pipe holds 64 KiB).
    static let pipelinedBytesLimit = 32 * 1024
    /// Nothing is queued behind a call that has been running longer than this (it may run for seconds, and the
    /// call would wait for it rather than for the first worker to free up).
    /// Set once, before the first call (tests lengthen it to queue calls behind one that blocks).
    var longCall = Duration.milliseconds(10)
    let configuration: PythonWorkerConfiguration

    // Guarded by `lock`.
    let lock = NSLock()
    /// Started workers with what the pool has given them.
    var slots: [Int32: PoolSlot] = [:]
    /// Workers with nothing in flight, the most recently used last.
    var idle: [PythonWorker] = []
    /// Workers started or starting.
    var live = 0
    var waiters: [PoolWaiter] = []
    var isShutDown = false

    public init(
        configuration: PythonWorkerConfiguration,
        size: Int = min(4, ProcessInfo.processInfo.activeProcessorCount),
        queueLimit: Int = 1024,
        pipelineDepth: Int = PythonWorkerPool.defaultPipelineDepth
    ) {
        self.configuration = configuration
        self.size = max(1, size)
        self.queueLimit = queueLimit
        self.pipelineDepth = max(1, pipelineDepth)
    }

    /// Workers currently alive (idle or busy).
    public var liveWorkers: Int { lock.withLock { live } }
    /// Workers alive with nothing in flight.
    public var idleWorkers: Int { lock.withLock { idle.count } }
    /// Calls waiting for a worker (at most `queueLimit`, plus calls sent back from a worker that died).
    public var waitingCalls: Int { lock.withLock { waiters.count } }
    /// Calls given to workers and not finished.
    public var callsInFlight: Int { lock.withLock { slots.values.reduce(0) { $0 + $1.inFlight } } }
    /// The process ids of the workers alive now (for resource metrics).
    public var workerProcessIdentifiers: [Int32] { lock.withLock { Array(slots.keys) } }

    /// Calls a tool; see ``PythonWorker/call(tool:arguments:timeout:)``.
    public func call(tool: String, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        try await withWorker(.plain(arguments.count + tool.utf8.count)) {
            try await $0.call(tool: tool, arguments: arguments, timeout: timeout)
        }
    }

    /// Streams a tool's chunks from a worker of its own; see ``PythonWorker/stream(tool:arguments:timeout:)``.
    public func stream(tool: String, arguments: Data, timeout: Duration? = nil) -> AsyncThrowingStream<Data, any Error>
    {
        streamFromWorker { $0.stream(tool: tool, arguments: arguments, timeout: timeout) }
    }

    /// Returns a tool's signature (loading its file in a worker of its own).
    public func inspect(tool: String) async throws -> ToolSignature {
        try await withWorker(.exclusive) { try await $0.inspect(tool: tool) }
    }

    /// The bare protocol round trip through the pool (benchmarks).
    public func echo(_ payload: Data) async throws -> Data {
        try await withWorker(.plain(payload.count)) { try await $0.echo(payload) }
    }

    /// `body` on a worker given for `demand`, which goes back to the pool afterwards. A call the worker never
    /// started (it died first) is given to another worker.
    func withWorker<T: Sendable>(_ demand: PoolDemand, _ body: (PythonWorker) async throws -> T) async throws -> T {
        var resent = false
        while true {
            let worker = try await acquire(demand, resent: resent)
            do {
                let value = try await body(worker)
                release(worker, demand)
                return value
            } catch PythonWorkerError.notStarted {
                release(worker, demand)
                resent = true
            } catch {
                release(worker, demand)
                throw error
            }
        }
    }

    /// The chunks `open` streams from a worker of its own; the worker is held until the stream ends, and
    /// cancelling the consumer cancels the call.
    func streamFromWorker(
        _ open: @escaping @Sendable (PythonWorker) -> AsyncThrowingStream<Data, any Error>
    ) -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let task = Task {
            do {
                try await withWorker(.exclusive) { worker in
                    for try await chunk in open(worker) { continuation.yield(chunk) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    /// Stops every worker; calls in flight and waiting fail with `shutDown`.
    public func shutdown() {
        lock.lock()
        isShutDown = true
        let workers = slots.values.map(\.worker)
        let waiting = waiters
        waiters = []
        idle = []
        lock.unlock()
        for waiter in waiting { waiter.continuation?.resume(throwing: PythonWorkerError.shutDown) }
        for worker in workers { worker.shutdown() }
    }
}
