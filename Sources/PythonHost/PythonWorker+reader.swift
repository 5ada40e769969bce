import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The reader threads: protocol frames from the host, and the tools' log lines.
extension PythonWorker {
    /// Reads the protocol pipe until it closes, splitting it into frames; then fails what was in flight.
    func readProtocol() {
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
        case UInt8(ascii: "k"):
            // The host dropped a cancelled request before starting it.
            lock.withLock { startedRunning(calls.finish(requestID)) }
        default:
            lock.lock()
            startedRunning(calls.finish(requestID))
            timers.removeValue(forKey: requestID)?.cancel()
            guard let request = pending.removeValue(forKey: requestID) else {
                // The late answer of a request cancelled while it was queued.
                lock.unlock()
                return
            }
            lock.unlock()
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
        _ = calls.started()
        let waiter = startWaiter
        startWaiter = nil
        if waiter == nil { startOutcome = .success(()) }
        lock.unlock()
        waiter?.resume()
    }

    /// Reads the tools' output (stderr) line by line into the log sink and the tail kept for start failures.
    func readLog() {
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

    /// The protocol pipe closed: the process is gone. The running request fails with the exit reason, the
    /// ones queued behind it with `notStarted`.
    private func processEnded() {
        if terminated.wait(timeout: .now() + 5) == .timedOut {
            signalProcess(processIdentifier, SIGKILL)
            terminated.wait()
        }
        _ = stderrFinished.wait(timeout: .now() + 1)
        let status = process.terminationStatus
        let bySignal = process.terminationReason == .uncaughtSignal
        lock.lock()
        let running = calls.die().running
        let runningRequest = running.flatMap { pending.removeValue(forKey: $0.id) }
        let others = pending
        pending = [:]
        for item in timers.values { item.cancel() }
        timers = [:]
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
        runningRequest?.fail(error)
        let notStarted = PythonWorkerError.notStarted(error.description)
        for request in others.values { request.fail(notStarted) }
    }
}
