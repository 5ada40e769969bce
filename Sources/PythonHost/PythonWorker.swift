import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One long-lived `python3 -u flowgate_host.py` process that loads a flow's tool files and runs one call
/// at a time. A dedicated reader thread does blocking reads on its protocol pipe and resumes callers by request id.
///
/// If the process dies (an exception in the host, `os._exit`, a segfault, the OOM killer), only the call in
/// flight fails, with a ``PythonWorkerError``; a call over its timeout, or whose task is cancelled, kills the
/// worker. A dead worker never comes back: ``PythonWorkerPool`` starts a replacement.
public final class PythonWorker: @unchecked Sendable {
    /// The worker's process id.
    public let processIdentifier: Int32
    /// The interpreter's version (`3.11.7`), from the worker's hello.
    public private(set) var pythonVersion: String = ""
    /// Whether tools see the real `promptflow` package (true) or Flowgate's shim (false).
    public private(set) var usesRealPromptflow = false

    private let process: Process
    private let writeDescriptor: Int32
    private let readDescriptor: Int32
    private let errorDescriptor: Int32
    // The handles own the descriptors: closing goes through them so nothing is closed twice.
    private let inputHandle: FileHandle
    private let outputHandle: FileHandle
    private let errorHandle: FileHandle
    private let logSink: @Sendable (String) -> Void

    // Everything below is guarded by `lock`.
    private let lock = NSLock()
    private var currentState: PythonWorkerState = .starting
    private var pending: [UInt64: PendingRequest] = [:]
    private var nextRequestID: UInt64 = 1
    private var lastSentRequestID: UInt64 = 0
    private var cancelledBeforeSending: Set<UInt64> = []
    private var startWaiter: CheckedContinuation<Void, any Error>?
    private var startOutcome: Result<Void, PythonWorkerError>?
    private var killReason: PythonWorkerError?
    private var stderrTail: [String] = []

    private let terminated = DispatchSemaphore(value: 0)
    private let stderrFinished = DispatchSemaphore(value: 0)

    /// The worker's lifecycle state.
    public var state: PythonWorkerState { lock.withLock { currentState } }

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

    // MARK: - Requests

    /// Calls the `@tool` function of `tool` (a path relative to the flow folder) with `arguments`, a JSON
    /// object of keyword arguments (`{"$connection": {...}}` values become connection objects).
    /// A generator's chunks are collected into a JSON array (`isGenerator`). Tool exceptions throw
    /// ``PythonToolError``; worker faults throw ``PythonWorkerError``; cancellation kills the worker.
    public func call(tool: String, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        let requestID = lock.withLock { allocateRequestID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<PythonCallResult, any Error>) in
                send(
                    kind: UInt8(ascii: "c"), requestID: requestID, tool: tool, arguments: arguments,
                    request: PendingRequest(tool: tool, completion: .call(continuation)), timeout: timeout)
            }
        } onCancel: {
            abort(requestID: requestID, error: CancellationError())
        }
    }

    /// Calls a tool and streams what it yields, chunk by chunk as JSON (a plain return value is one chunk).
    /// Ending the iteration early, or cancelling the consuming task, kills the worker.
    public func stream(tool: String, arguments: Data, timeout: Duration? = nil) -> AsyncThrowingStream<Data, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let requestID = lock.withLock { allocateRequestID() }
        continuation.onTermination = { [self] termination in
            if case .cancelled = termination { abort(requestID: requestID, error: CancellationError()) }
        }
        send(
            kind: UInt8(ascii: "s"), requestID: requestID, tool: tool, arguments: arguments,
            request: PendingRequest(tool: tool, completion: .stream(continuation)), timeout: timeout)
        return stream
    }

    /// Loads `tool` and returns its function's signature.
    public func inspect(tool: String) async throws -> ToolSignature {
        let payload = try await raw(kind: UInt8(ascii: "i"), tool: tool, arguments: nil)
        do {
            return try JSONDecoder().decode(ToolSignature.self, from: payload)
        } catch {
            throw PythonWorkerError.protocolViolation("unreadable signature for \(tool): \(error)")
        }
    }

    /// Sends `payload` (one line of JSON) and returns what the host echoes: the bare protocol round trip.
    public func echo(_ payload: Data) async throws -> Data {
        let requestID = lock.withLock { allocateRequestID() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            send(
                kind: UInt8(ascii: "p"), requestID: requestID, tool: "(echo)", arguments: nil, rawPayload: payload,
                request: PendingRequest(tool: "(echo)", completion: .raw(continuation)), timeout: nil)
        }
    }

    func raw(kind: UInt8, tool: String, arguments: Data?, entry: PythonEntry? = nil) async throws -> Data {
        let requestID = lock.withLock { allocateRequestID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
                send(
                    kind: kind, requestID: requestID, tool: tool, arguments: arguments, entry: entry,
                    request: PendingRequest(tool: tool, completion: .raw(continuation)), timeout: nil)
            }
        } onCancel: {
            abort(requestID: requestID, error: CancellationError())
        }
    }

    /// A fresh request id, taken under the lock.
    func newRequestID() -> UInt64 { lock.withLock { allocateRequestID() } }

    private func allocateRequestID() -> UInt64 {
        defer { nextRequestID &+= 1 }
        return nextRequestID
    }

    /// Registers `request` and writes its frame: `{"tool": …, "args": …}`, or for a flex entry
    /// `{"entry": …, "init": …, "method": …, "args": …}`, or `rawPayload` as is.
    func send(
        kind: UInt8, requestID: UInt64, tool: String, arguments: Data?, rawPayload: Data? = nil,
        entry: PythonEntry? = nil, request: PendingRequest, timeout: Duration?
    ) {
        lock.lock()
        lastSentRequestID = max(lastSentRequestID, requestID)
        if cancelledBeforeSending.remove(requestID) != nil {
            lock.unlock()
            request.fail(CancellationError())
            return
        }
        do {
            try currentState.begin(requestID: requestID, tool: tool)
        } catch {
            lock.unlock()
            request.fail(error)
            return
        }
        pending[requestID] = request
        if let timeout {
            let item = DispatchWorkItem { [weak self] in
                self?.abort(requestID: requestID, error: PythonWorkerError.timedOut(tool: tool, timeout: timeout))
            }
            request.timeoutItem = item
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(max(0, nanoseconds)), execute: item)
        }
        lock.unlock()

        var frame = Data()
        frame.reserveCapacity((arguments?.count ?? rawPayload?.count ?? 0) + tool.utf8.count + 40)
        frame.append(kind)
        frame.append(UInt8(ascii: " "))
        frame.append(contentsOf: String(requestID).utf8)
        frame.append(UInt8(ascii: " "))
        if let rawPayload {
            Self.appendSingleLine(rawPayload, to: &frame)
        } else {
            if let entry {
                frame.append(contentsOf: #"{"entry":"#.utf8)
                JSONText.appendString(entry.entry, to: &frame)
                if let initArguments = entry.initArguments {
                    frame.append(contentsOf: #","init":"#.utf8)
                    Self.appendSingleLine(initArguments, to: &frame)
                }
                if let method = entry.method {
                    frame.append(contentsOf: #","method":"#.utf8)
                    JSONText.appendString(method, to: &frame)
                }
            } else {
                frame.append(contentsOf: #"{"tool":"#.utf8)
                JSONText.appendString(tool, to: &frame)
            }
            if let arguments {
                frame.append(contentsOf: #","args":"#.utf8)
                Self.appendSingleLine(arguments, to: &frame)
            }
            frame.append(UInt8(ascii: "}"))
        }
        frame.append(UInt8(ascii: "\n"))
        // A failed write means the process is dying; the reader's end-of-file fails the request.
        _ = writeAll(frame)
    }

    /// Appends JSON keeping the frame on one line: in valid JSON a raw line break can only be whitespace
    /// between tokens (strings escape theirs), so it becomes a space.
    private static func appendSingleLine(_ json: Data, to frame: inout Data) {
        guard json.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
            frame.append(json)
            return
        }
        frame.append(contentsOf: json.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 })
    }

    private func writeAll(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer -> Bool in
            guard var pointer = buffer.baseAddress else { return true }
            var remaining = buffer.count
            while remaining > 0 {
                let written = write(writeDescriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                pointer += written
                remaining -= written
            }
            return true
        }
    }

    /// Fails `requestID` with `error` and kills the worker (timeout, cancellation). A request not sent yet
    /// is failed when it is sent; one that already finished is left alone.
    func abort(requestID: UInt64, error: any Error) {
        lock.lock()
        guard let request = pending.removeValue(forKey: requestID) else {
            if requestID > lastSentRequestID { cancelledBeforeSending.insert(requestID) }
            lock.unlock()
            return
        }
        currentState.die()
        if killReason == nil { killReason = error as? PythonWorkerError }
        lock.unlock()
        request.timeoutItem?.cancel()
        signalProcess(processIdentifier, SIGKILL)
        request.fail(error)
    }

    /// Kills the worker at once; a call in flight fails with `error`.
    public func kill(failing error: PythonWorkerError = .shutDown) {
        lock.lock()
        let requests = pending
        pending = [:]
        currentState.die()
        if killReason == nil { killReason = error }
        lock.unlock()
        signalProcess(processIdentifier, SIGKILL)
        for request in requests.values {
            request.timeoutItem?.cancel()
            request.fail(error)
        }
    }

    /// Stops an idle worker by closing its input (it exits on end of file); a busy one is killed.
    public func shutdown() {
        lock.lock()
        guard currentState == .ready else {
            lock.unlock()
            kill(failing: .shutDown)
            return
        }
        currentState.die()
        if killReason == nil { killReason = .shutDown }
        lock.unlock()
        try? inputHandle.close()
    }

    // MARK: - Reader threads

    private func readProtocol() {
        let capacity = 1 << 16
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { buffer.deallocate() }
        var partial = Data()
        while true {
            let count = read(readDescriptor, buffer.baseAddress, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            var start = 0
            while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if partial.isEmpty {
                    handleFrame(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
                } else {
                    partial.append(contentsOf: bytes[start..<newline])
                    let line = partial
                    partial = Data()
                    line.withUnsafeBytes { handleFrame($0) }
                }
                start = newline + 1
            }
            if start < count { partial.append(contentsOf: bytes[start..<count]) }
        }
        processEnded()
    }

    private func handleFrame(_ line: UnsafeRawBufferPointer) {
        // `<kind> <id> <json>`
        guard line.count >= 4, line[1] == UInt8(ascii: " ") else {
            logSink("[flowgate] unexpected protocol line from python worker \(processIdentifier)")
            return
        }
        var index = 2
        var requestID: UInt64 = 0
        while index < line.count, line[index] != UInt8(ascii: " ") {
            requestID = requestID &* 10 &+ UInt64(line[index] &- UInt8(ascii: "0"))
            index += 1
        }
        let payload = index + 1 < line.count ? Data(line[(index + 1)...]) : Data("null".utf8)
        let kind = line[0]
        switch kind {
        case UInt8(ascii: "h"):
            receiveHello(payload)
        case UInt8(ascii: "m"):
            guard let metric = PythonMetric(frame: payload) else { return }
            lock.withLock { pending[requestID]?.metrics.append(metric) }
        case UInt8(ascii: "c"):
            let request = lock.withLock { pending[requestID] }
            request?.yield(payload)
        default:
            lock.lock()
            guard let request = pending.removeValue(forKey: requestID) else {
                lock.unlock()
                return
            }
            _ = currentState.finish(requestID: requestID)
            lock.unlock()
            request.timeoutItem?.cancel()
            switch kind {
            case UInt8(ascii: "r"), UInt8(ascii: "i"):
                request.succeed(payload, isGenerator: false)
            case UInt8(ascii: "g"):
                request.succeed(payload, isGenerator: true)
            case UInt8(ascii: "e"):
                request.finishStream()
            case UInt8(ascii: "x"):
                request.fail(PythonToolError(tool: request.tool, frame: payload))
            default:
                request.fail(
                    PythonWorkerError.protocolViolation("unknown frame kind \(Character(UnicodeScalar(kind)))"))
            }
        }
    }

    private func receiveHello(_ payload: Data) {
        let hello = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any] ?? [:]
        lock.lock()
        pythonVersion = hello["python"] as? String ?? ""
        usesRealPromptflow = (hello["promptflow"] as? String) == "real"
        _ = currentState.started()
        let waiter = startWaiter
        startWaiter = nil
        if waiter == nil { startOutcome = .success(()) }
        lock.unlock()
        waiter?.resume()
    }

    private func readLog() {
        let capacity = 1 << 14
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { buffer.deallocate() }
        var partial = [UInt8]()
        func emit(_ bytes: [UInt8]) {
            let line = String(decoding: bytes, as: UTF8.self)
            lock.withLock {
                stderrTail.append(line)
                if stderrTail.count > 20 { stderrTail.removeFirst() }
            }
            logSink(line)
        }
        while true {
            let count = read(errorDescriptor, buffer.baseAddress, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break }
            for byte in buffer[0..<count] {
                if byte == UInt8(ascii: "\n") {
                    emit(partial)
                    partial.removeAll(keepingCapacity: true)
                } else {
                    partial.append(byte)
                }
            }
        }
        if !partial.isEmpty { emit(partial) }
        try? errorHandle.close()
        stderrFinished.signal()
    }

    /// The protocol pipe closed: the process is gone. Fail whatever was in flight with the exit reason.
    private func processEnded() {
        if terminated.wait(timeout: .now() + 5) == .timedOut {
            signalProcess(processIdentifier, SIGKILL)
            terminated.wait()
        }
        _ = stderrFinished.wait(timeout: .now() + 1)
        let status = process.terminationStatus
        let bySignal = process.terminationReason == .uncaughtSignal
        lock.lock()
        let running = currentState.die()
        let requests = pending
        pending = [:]
        let waiter = startWaiter
        startWaiter = nil
        let reason = killReason
        let tail = stderrTail.suffix(10).joined(separator: "\n")
        let startError = PythonWorkerError.startFailed(
            "\(bySignal ? "killed by signal" : "exited with status") \(status)\(tail.isEmpty ? "" : ":\n\(tail)")")
        if waiter == nil, startOutcome == nil { startOutcome = .failure(startError) }
        lock.unlock()
        try? outputHandle.close()
        waiter?.resume(throwing: startError)
        let error: PythonWorkerError =
            reason
            ?? (bySignal
                ? .signaled(signal: status, tool: running?.tool) : .exited(status: status, tool: running?.tool))
        for request in requests.values {
            request.timeoutItem?.cancel()
            request.fail(error)
        }
    }
}

private func signalProcess(_ pid: Int32, _ signal: Int32) {
    _ = kill(pid, signal)
}
