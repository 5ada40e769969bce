import Foundation

extension PythonWorker {
    /// Calls a flex entry with `arguments` (a JSON object of keyword arguments). A class entry is built on first
    /// use with its init values and kept by the worker. A dataclass result arrives as the dict of its fields and a
    /// generator inside a dict joined into a string; a top-level generator is collected (`isGenerator`).
    /// Errors as ``call(tool:arguments:timeout:)``; a failing constructor is a ``PythonToolError`` of phase `init`.
    public func call(entry: PythonEntry, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        let requestID = newRequestID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<PythonCallResult, any Error>) in
                send(
                    kind: UInt8(ascii: "c"), requestID: requestID, tool: entry.entry, arguments: arguments,
                    entry: entry, request: PendingRequest(tool: entry.entry, completion: .call(continuation)),
                    timeout: timeout)
            }
        } onCancel: {
            abort(requestID: requestID, error: CancellationError())
        }
    }

    /// Calls a flex entry and streams what its generator yields (a plain result is one chunk).
    /// Ending the iteration early, or cancelling the consuming task, kills the worker.
    public func stream(entry: PythonEntry, arguments: Data, timeout: Duration? = nil)
        -> AsyncThrowingStream<Data, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let requestID = newRequestID()
        continuation.onTermination = { [self] termination in
            if case .cancelled = termination { abort(requestID: requestID, error: CancellationError()) }
        }
        send(
            kind: UInt8(ascii: "s"), requestID: requestID, tool: entry.entry, arguments: arguments, entry: entry,
            request: PendingRequest(tool: entry.entry, completion: .stream(continuation)), timeout: timeout)
        return stream
    }

    /// Imports the entry (building a class with its init values) and returns its signature.
    public func inspect(entry: PythonEntry) async throws -> EntrySignature {
        let payload = try await raw(kind: UInt8(ascii: "i"), tool: entry.entry, arguments: nil, entry: entry)
        do {
            return try JSONDecoder().decode(EntrySignature.self, from: payload)
        } catch {
            throw PythonWorkerError.protocolViolation("unreadable signature for \(entry.entry): \(error)")
        }
    }
}
