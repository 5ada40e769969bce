import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One long-lived `python3 -u flowgate_host.py` process that loads a flow's tool files and runs their calls,
/// one after another. Plain calls may be sent while one runs (they queue in the host, in order); a stream or
/// an inspect runs alone. A dedicated reader thread does blocking reads on the protocol pipe and resumes callers
/// by request id.
///
/// If the process dies (an exception in the host, `os._exit`, a segfault, the OOM killer), the running call fails
/// with a ``PythonWorkerError`` and the calls queued behind it with ``PythonWorkerError/notStarted(_:)`` (the pool
/// sends those elsewhere). A running call over its timeout (counted from when it started running), or whose task
/// is cancelled, kills the worker; cancelling a queued call only drops it. A dead worker never comes back:
/// ``PythonWorkerPool`` starts a replacement.
public final class PythonWorker: @unchecked Sendable {
    /// The worker's process id.
    public let processIdentifier: Int32
    /// The interpreter's version (`3.11.7`), from the worker's hello.
    public internal(set) var pythonVersion: String = ""
    /// Whether tools see the real `promptflow` package (true) or Flowgate's shim (false).
    public internal(set) var usesRealPromptflow = false

    let process: Process
    let writeDescriptor: Int32
    let readDescriptor: Int32
    let errorDescriptor: Int32
    // The handles own the descriptors: closing goes through them so nothing is closed twice.
    let inputHandle: FileHandle
    let outputHandle: FileHandle
    let errorHandle: FileHandle
    let logSink: @Sendable (String) -> Void

    // Everything below is guarded by `lock`.
    let lock = NSLock()
    var calls = WorkerCallQueue()
    var pending: [UInt64: PendingRequest] = [:]
    var timers: [UInt64: DispatchWorkItem] = [:]
    var nextRequestID: UInt64 = 1
    var lastSentRequestID: UInt64 = 0
    var cancelledBeforeSending: Set<UInt64> = []
    var startWaiter: CheckedContinuation<Void, any Error>?
    var startOutcome: Result<Void, PythonWorkerError>?
    var killReason: PythonWorkerError?
    var stderrTail: [String] = []
    /// When the running request started (it became the first in `calls`).
    var runningSince = ContinuousClock.now

    /// Taken before `lock` by senders and held while their frame is written, so frames reach the host in the
    /// order they were queued.
    let writeLock = NSLock()
    let terminated = DispatchSemaphore(value: 0)
    let stderrFinished = DispatchSemaphore(value: 0)

    /// The worker's lifecycle state.
    public var state: PythonWorkerState { lock.withLock { calls.state } }

    /// Requests sent and not finished (the running one included).
    public var requestsInFlight: Int { lock.withLock { calls.entries.count } }

    /// Launches a worker and waits for its hello.
    public static func start(_ configuration: PythonWorkerConfiguration) async throws -> PythonWorker {
        let worker = try PythonWorker(configuration)
        try await worker.waitUntilReady()
        return worker
    }

    private init(_ configuration: PythonWorkerConfiguration) throws {
        guard let script = PythonHostResources.hostScript, let shim = PythonHostResources.shimDirectory else {
            throw PythonWorkerError.startFailed("the bundled flowgate_host.py is missing")
        }
        Self.ignoreBrokenPipes
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        let process = Process()
        process.executableURL = configuration.python
        var arguments = ["-u", script.path, "--flow-dir", configuration.flowDirectory.path, "--shim-dir", shim.path]
        for include in configuration.additionalIncludes {
            arguments += ["--include", include]
        }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(configuration.environment) { _, new in new }
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        process.currentDirectoryURL = configuration.flowDirectory
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let terminated = self.terminated
        process.terminationHandler = { _ in terminated.signal() }
        do {
            try process.run()
        } catch {
            throw PythonWorkerError.startFailed("cannot launch \(configuration.python.path): \(error)")
        }
        self.process = process
        self.processIdentifier = process.processIdentifier
        self.inputHandle = input.fileHandleForWriting
        self.outputHandle = output.fileHandleForReading
        self.errorHandle = errors.fileHandleForReading
        self.writeDescriptor = input.fileHandleForWriting.fileDescriptor
        self.readDescriptor = output.fileHandleForReading.fileDescriptor
        self.errorDescriptor = errors.fileHandleForReading.fileDescriptor
        self.logSink = configuration.logSink
        // The threads read and write the raw descriptors; the handles close them.
        let reader = Thread { [self] in readProtocol() }
        reader.name = "python-worker-\(processIdentifier)-protocol"
        reader.start()
        let logReader = Thread { [self] in readLog() }
        logReader.name = "python-worker-\(processIdentifier)-log"
        logReader.start()
    }

    private static let ignoreBrokenPipes: Void = {
        // A write to a worker that just died must fail with EPIPE, not kill this process.
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    private func waitUntilReady() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            lock.lock()
            if let outcome = startOutcome {
                lock.unlock()
                continuation.resume(with: outcome.mapError { $0 as any Error })
            } else {
                startWaiter = continuation
                lock.unlock()
            }
        }
    }

    // MARK: - Ending calls and the worker

    /// Fails `requestID` with `error`. A running request (timeout, cancellation) kills the worker, failing the
    /// requests queued behind it with `notStarted`; a queued one is dropped (the host is told with a `k` frame and
    /// its late answer is ignored). A request not sent yet is failed when it is sent; a finished one is left alone.
    func abort(requestID: UInt64, error: any Error) {
        lock.lock()
        guard let request = pending[requestID] else {
            if requestID > lastSentRequestID { cancelledBeforeSending.insert(requestID) }
            lock.unlock()
            return
        }
        if calls.cancelQueued(requestID) {
            pending[requestID] = nil
            lock.unlock()
            writeFrame(Data("k \(requestID) null\n".utf8))
            request.fail(error)
            return
        }
        let waiting = killLocked(reason: error as? PythonWorkerError)
        pending[requestID] = nil
        lock.unlock()
        request.fail(error)
        for (_, queued) in waiting { queued.fail(PythonWorkerError.notStarted("an earlier call was stopped: \(error)")) }
    }

    /// The running request `id` outlived its timeout: the worker is killed. The request fails with `timedOut`,
    /// or, if it had been cancelled while queued, nobody is waiting for it.
    func expire(_ entry: WorkerCallQueue.Entry, after timeout: Duration) {
        let error = PythonWorkerError.timedOut(tool: entry.tool, timeout: timeout)
        lock.lock()
        guard calls.running?.id == entry.id else {
            lock.unlock()
            return
        }
        let request = pending.removeValue(forKey: entry.id)
        let waiting = killLocked(reason: error)
        lock.unlock()
        request?.fail(error)
        for (_, queued) in waiting { queued.fail(PythonWorkerError.notStarted("an earlier call timed out: \(error)")) }
    }

    /// Marks the worker dead and sends SIGKILL (called with `lock` held). Returns the requests that had not
    /// started, taken out of `pending`, for the caller to fail outside the lock.
    private func killLocked(reason: PythonWorkerError?) -> [(UInt64, PendingRequest)] {
        let (_, waiting) = calls.die()
        if killReason == nil { killReason = reason }
        for item in timers.values { item.cancel() }
        timers = [:]
        let requests = waiting.compactMap { entry in pending.removeValue(forKey: entry.id).map { (entry.id, $0) } }
        signalProcess(processIdentifier, SIGKILL)
        return requests
    }

    /// Kills the worker at once; every request in flight fails with `error`.
    public func kill(failing error: PythonWorkerError = .shutDown) {
        lock.lock()
        let requests = pending
        pending = [:]
        _ = killLocked(reason: error)
        lock.unlock()
        for request in requests.values { request.fail(error) }
    }

    /// Stops an idle worker by closing its input (it exits on end of file); a busy one is killed.
    public func shutdown() {
        lock.lock()
        guard calls.state == .ready else {
            lock.unlock()
            kill(failing: .shutDown)
            return
        }
        calls.die()
        if killReason == nil { killReason = .shutDown }
        lock.unlock()
        try? inputHandle.close()
    }

    /// Whether the running request started more than `limit` ago (false when nothing runs).
    func isRunning(longerThan limit: Duration) -> Bool {
        lock.withLock { calls.running != nil && ContinuousClock.now - runningSince > limit }
    }

    /// Notes that `entry` just started running and starts its timeout (called with `lock` held).
    func startedRunning(_ entry: WorkerCallQueue.Entry?) {
        guard let entry else { return }
        runningSince = ContinuousClock.now
        guard let timeout = entry.timeout else { return }
        let item = DispatchWorkItem { [weak self] in self?.expire(entry, after: timeout) }
        timers[entry.id] = item
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(max(0, nanoseconds)), execute: item)
    }
}

func signalProcess(_ pid: Int32, _ signal: Int32) {
    _ = kill(pid, signal)
}
