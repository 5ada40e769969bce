import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PythonWorker {
    /// Calls the `@tool` function of `tool` (a path relative to the flow folder) with `arguments`, a JSON
    /// object of keyword arguments (`{"$connection": {...}}` values become connection objects).
    /// A generator's chunks are collected into a JSON array (`isGenerator`). Tool exceptions throw
    /// ``PythonToolError``; worker faults throw ``PythonWorkerError``. May be called while other calls are in
    /// flight: it runs after them, and `timeout` counts from when it starts. Cancelling it while it runs kills the
    /// worker; while it waits, it is only dropped.
    public func call(tool: String, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        let requestID = newRequestID()
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
    /// Runs only on a worker with nothing in flight, and nothing is queued behind it.
    /// Ending the iteration early, or cancelling the consuming task, kills the worker.
    public func stream(tool: String, arguments: Data, timeout: Duration? = nil) -> AsyncThrowingStream<Data, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let requestID = newRequestID()
        continuation.onTermination = { [self] termination in
            if case .cancelled = termination { abort(requestID: requestID, error: CancellationError()) }
        }
        send(
            kind: UInt8(ascii: "s"), requestID: requestID, tool: tool, arguments: arguments,
            request: PendingRequest(tool: tool, completion: .stream(continuation)), timeout: timeout)
        return stream
    }

    /// Loads `tool` and returns its function's signature (alone on the worker, like a stream).
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
        let requestID = newRequestID()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            send(
                kind: UInt8(ascii: "p"), requestID: requestID, tool: "(echo)", arguments: nil, rawPayload: payload,
                request: PendingRequest(tool: "(echo)", completion: .raw(continuation)), timeout: nil)
        }
    }

    func raw(kind: UInt8, tool: String, arguments: Data?, entry: PythonEntry? = nil) async throws -> Data {
        let requestID = newRequestID()
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
    func newRequestID() -> UInt64 {
        lock.withLock {
            defer { nextRequestID &+= 1 }
            return nextRequestID
        }
    }

    /// Queues `request` and writes its frame: `{"tool": …, "args": …}`, or for a flex entry
    /// `{"entry": …, "init": …, "method": …, "args": …}`, or `rawPayload` as is. Streams (`s`) and inspects (`i`)
    /// are exclusive: they need an empty worker and nothing queues behind them.
    func send(
        kind: UInt8, requestID: UInt64, tool: String, arguments: Data?, rawPayload: Data? = nil,
        entry: PythonEntry? = nil, request: PendingRequest, timeout: Duration?
    ) {
        let frame = Self.frame(
            kind: kind, requestID: requestID, tool: tool, arguments: arguments, rawPayload: rawPayload, entry: entry)
        let exclusive = kind == UInt8(ascii: "s") || kind == UInt8(ascii: "i")
        writeLock.lock()
        defer { writeLock.unlock() }
        lock.lock()
        lastSentRequestID = max(lastSentRequestID, requestID)
        if cancelledBeforeSending.remove(requestID) != nil {
            lock.unlock()
            request.fail(CancellationError())
            return
        }
        let queued = WorkerCallQueue.Entry(id: requestID, tool: tool, exclusive: exclusive, timeout: timeout)
        do {
            if try calls.admit(queued) { startedRunning(queued) }
        } catch {
            lock.unlock()
            request.fail(error)
            return
        }
        pending[requestID] = request
        lock.unlock()
        // A failed write means the process is dying; the reader's end-of-file fails the request.
        _ = writeAll(frame)
    }

    /// Writes a frame that is not a request (a cancel), in order with the requests.
    func writeFrame(_ frame: Data) {
        writeLock.withLock { _ = writeAll(frame) }
    }

    private static func frame(
        kind: UInt8, requestID: UInt64, tool: String, arguments: Data?, rawPayload: Data?, entry: PythonEntry?
    ) -> Data {
        var frame = Data()
        frame.reserveCapacity((arguments?.count ?? rawPayload?.count ?? 0) + tool.utf8.count + 40)
        frame.append(kind)
        frame.append(UInt8(ascii: " "))
        frame.append(contentsOf: String(requestID).utf8)
        frame.append(UInt8(ascii: " "))
        if let rawPayload {
            appendSingleLine(rawPayload, to: &frame)
        } else {
            if let entry {
                frame.append(contentsOf: #"{"entry":"#.utf8)
                JSONText.appendString(entry.entry, to: &frame)
                if let initArguments = entry.initArguments {
                    frame.append(contentsOf: #","init":"#.utf8)
                    appendSingleLine(initArguments, to: &frame)
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
                appendSingleLine(arguments, to: &frame)
            }
            frame.append(UInt8(ascii: "}"))
        }
        frame.append(UInt8(ascii: "\n"))
        return frame
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
}
