import Foundation

extension PythonWorkerPool {
    /// Calls a flex entry; see ``PythonWorker/call(entry:arguments:timeout:)``.
    public func call(entry: PythonEntry, arguments: Data, timeout: Duration? = nil) async throws -> PythonCallResult {
        let bytes = arguments.count + entry.entry.utf8.count + (entry.initArguments?.count ?? 0)
        return try await withWorker(.plain(bytes)) {
            try await $0.call(entry: entry, arguments: arguments, timeout: timeout)
        }
    }

    /// Streams a flex entry's chunks from a worker of its own; see ``PythonWorker/stream(entry:arguments:timeout:)``.
    public func stream(entry: PythonEntry, arguments: Data, timeout: Duration? = nil)
        -> AsyncThrowingStream<Data, any Error>
    {
        streamFromWorker { $0.stream(entry: entry, arguments: arguments, timeout: timeout) }
    }

    /// Returns a flex entry's signature (importing it, and building a class, in a worker of its own).
    public func inspect(entry: PythonEntry) async throws -> EntrySignature {
        try await withWorker(.exclusive) { try await $0.inspect(entry: entry) }
    }
}
