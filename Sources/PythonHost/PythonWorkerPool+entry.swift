import Foundation

extension PythonWorkerPool {
    /// Calls a flex entry on an idle worker; see ``PythonWorker/call(entry:arguments:timeout:)``.
    public func call(entry: PythonEntry, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        let worker = try await acquire()
        defer { release(worker) }
        return try await worker.call(entry: entry, arguments: arguments, timeout: timeout)
    }

    /// Streams a flex entry's chunks from an idle worker; see ``PythonWorker/stream(entry:arguments:timeout:)``.
    public func stream(entry: PythonEntry, arguments: Data, timeout: Duration? = nil)
        -> AsyncThrowingStream<Data, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let task = Task {
            do {
                let worker = try await acquire()
                defer { release(worker) }
                for try await chunk in worker.stream(entry: entry, arguments: arguments, timeout: timeout) {
                    continuation.yield(chunk)
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

    /// Returns a flex entry's signature (importing it, and building a class, in a worker).
    public func inspect(entry: PythonEntry) async throws -> EntrySignature {
        let worker = try await acquire()
        defer { release(worker) }
        return try await worker.inspect(entry: entry)
    }
}
