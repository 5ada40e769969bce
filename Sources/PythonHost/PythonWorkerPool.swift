import Foundation

/// Up to `size` Python workers for one flow environment, started lazily; each call goes to an idle worker,
/// or waits in a bounded queue. A worker that died or was killed is dropped and replaced on demand.
/// Default size: min(4, active processor count).
public final class PythonWorkerPool: @unchecked Sendable {
    /// The most workers this pool runs at once.
    public let size: Int
    /// The most calls that may wait for a worker before new ones fail with `queueFull`.
    public let queueLimit: Int
    private let configuration: PythonWorkerConfiguration

    // Guarded by `lock`.
    private let lock = NSLock()
    private var idle: [PythonWorker] = []
    private var live = 0
    private var waiters: [PoolWaiter] = []
    private var isShutDown = false
    private var all: [Int32: PythonWorker] = [:]

    public init(
        configuration: PythonWorkerConfiguration,
        size: Int = min(4, ProcessInfo.processInfo.activeProcessorCount),
        queueLimit: Int = 1024
    ) {
        self.configuration = configuration
        self.size = max(1, size)
        self.queueLimit = queueLimit
    }

    /// Workers currently alive (idle or busy).
    public var liveWorkers: Int { lock.withLock { live } }
    /// Workers alive and waiting for a call.
    public var idleWorkers: Int { lock.withLock { idle.count } }
    /// Calls waiting for a worker (at most `queueLimit`).
    public var waitingCalls: Int { lock.withLock { waiters.count } }
    /// The process ids of the workers alive now (for resource metrics).
    public var workerProcessIdentifiers: [Int32] { lock.withLock { Array(all.keys) } }

    /// Calls a tool on an idle worker; see ``PythonWorker/call(tool:arguments:timeout:)``.
    public func call(tool: String, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        try await withWorker { try await $0.call(tool: tool, arguments: arguments, timeout: timeout) }
    }

    /// Streams a tool's chunks from an idle worker; see ``PythonWorker/stream(tool:arguments:timeout:)``.
    public func stream(tool: String, arguments: Data, timeout: Duration? = nil) -> AsyncThrowingStream<Data, any Error>
    {
        streamFromWorker { $0.stream(tool: tool, arguments: arguments, timeout: timeout) }
    }

    /// Returns a tool's signature (loading its file in a worker).
    public func inspect(tool: String) async throws -> ToolSignature {
        try await withWorker { try await $0.inspect(tool: tool) }
    }

    /// `body` on an idle worker, which goes back to the pool afterwards.
    func withWorker<T: Sendable>(_ body: (PythonWorker) async throws -> T) async throws -> T {
        let worker = try await acquire()
        defer { release(worker) }
        return try await body(worker)
    }

    /// The chunks `open` streams from an idle worker; the worker is held until the stream ends, and cancelling
    /// the consumer cancels the call.
    func streamFromWorker(
        _ open: @escaping @Sendable (PythonWorker) -> AsyncThrowingStream<Data, any Error>
    ) -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let task = Task {
            do {
                try await withWorker { worker in
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

    /// The bare protocol round trip through the pool (benchmarks).
    public func echo(_ payload: Data) async throws -> Data {
        try await withWorker { try await $0.echo(payload) }
    }

    /// Stops every worker; calls in flight and waiting fail with `shutDown`.
    public func shutdown() {
        lock.lock()
        isShutDown = true
        let workers = Array(all.values)
        let waiting = waiters
        waiters = []
        idle = []
        lock.unlock()
        for waiter in waiting { waiter.continuation?.resume(throwing: PythonWorkerError.shutDown) }
        for worker in workers { worker.shutdown() }
    }

    // MARK: - Routing

    func acquire() async throws -> PythonWorker {
        switch lock.withLock({ takeWorkerOrSlot() }) {
        case .worker(let worker): return worker
        case .slot: return try await startWorker()
        case .failure(let error): throw error
        case .wait: break
        }
        let waiter = PoolWaiter()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PythonWorker, any Error>) in
                lock.lock()
                if waiter.cancelled {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                // Things may have changed since the first look.
                switch takeWorkerOrSlot() {
                case .worker(let worker):
                    lock.unlock()
                    continuation.resume(returning: worker)
                case .slot:
                    lock.unlock()
                    Task { continuation.resume(with: await Result(catching: { try await startWorker() })) }
                case .failure(let error):
                    lock.unlock()
                    continuation.resume(throwing: error)
                case .wait:
                    waiter.continuation = continuation
                    waiters.append(waiter)
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            waiter.cancelled = true
            let queued = waiters.firstIndex { $0 === waiter }.map { waiters.remove(at: $0) }
            lock.unlock()
            queued?.continuation?.resume(throwing: CancellationError())
        }
    }

    private enum Acquisition {
        case worker(PythonWorker)
        case slot
        case wait
        case failure(PythonWorkerError)
    }

    /// An idle worker, else a slot to start one in, else wait (called with `lock` held).
    private func takeWorkerOrSlot() -> Acquisition {
        if isShutDown { return .failure(.shutDown) }
        while let worker = idle.popLast() {
            if worker.state == .ready { return .worker(worker) }
            forget(worker)
        }
        if live < size {
            live += 1
            return .slot
        }
        if waiters.count >= queueLimit { return .failure(.queueFull(limit: queueLimit)) }
        return .wait
    }

    /// Starts a worker for a slot already counted in `live`.
    private func startWorker() async throws -> PythonWorker {
        do {
            let worker = try await PythonWorker.start(configuration)
            let accepted = lock.withLock {
                if isShutDown { return false }
                all[worker.processIdentifier] = worker
                return true
            }
            guard accepted else {
                worker.shutdown()
                throw PythonWorkerError.shutDown
            }
            return worker
        } catch {
            lock.withLock { live -= 1 }
            throw error
        }
    }

    func release(_ worker: PythonWorker) {
        lock.lock()
        if worker.state == .ready, !isShutDown {
            if !waiters.isEmpty {
                let waiter = waiters.removeFirst()
                lock.unlock()
                waiter.continuation?.resume(returning: worker)
            } else {
                idle.append(worker)
                lock.unlock()
            }
            return
        }
        forget(worker)
        // The worker is gone: its slot goes to the longest waiter, on a fresh worker.
        guard !waiters.isEmpty, !isShutDown, live < size else {
            lock.unlock()
            return
        }
        let waiter = waiters.removeFirst()
        live += 1
        lock.unlock()
        Task { waiter.continuation?.resume(with: await Result(catching: { try await startWorker() })) }
    }

    /// Drops a dead worker from the books (called with `lock` held).
    private func forget(_ worker: PythonWorker) {
        if all.removeValue(forKey: worker.processIdentifier) != nil {
            live -= 1
        }
        if !worker.state.isDead { worker.kill() }
    }
}
