import Foundation

extension PythonWorkerPool {
    /// Calls a flex entry on an idle worker; see ``PythonWorker/call(entry:arguments:timeout:)``.
    public func call(entry: PythonEntry, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        try await withWorker { try await $0.call(entry: entry, arguments: arguments, timeout: timeout) }
    }

    /// Streams a flex entry's chunks from an idle worker; see ``PythonWorker/stream(entry:arguments:timeout:)``.
    public func stream(entry: PythonEntry, arguments: Data, timeout: Duration? = nil)
        -> AsyncThrowingStream<Data, any Error>
    {
        streamFromWorker { $0.stream(entry: entry, arguments: arguments, timeout: timeout) }
    }

    /// Returns a flex entry's signature (importing it, and building a class, in a worker).
    public func inspect(entry: PythonEntry) async throws -> EntrySignature {
        try await withWorker { try await $0.inspect(entry: entry) }
    }
}
