import Foundation
import PythonHost

/// What the engine needs from PythonHost: call a tool file's `@tool` function with JSON keyword arguments
/// (whole result, or chunks as they are yielded) and inspect its signature. `PythonWorker` (and the pool) conform.
public protocol PythonToolRunner: Sendable {
    func call(tool: String, arguments: Data, timeout: Duration?) async throws -> PythonCallResult
    func stream(tool: String, arguments: Data, timeout: Duration?) -> AsyncThrowingStream<Data, any Error>
    func inspect(tool: String) async throws -> ToolSignature

    /// Calls a flex flow's entry (`module:function`, or an instance of `module:Class` built with its init values).
    func call(entry: PythonEntry, arguments: Data, timeout: Duration?) async throws -> PythonCallResult
    /// Calls a flex flow's entry and hands over what its generator yields, chunk by chunk.
    func stream(entry: PythonEntry, arguments: Data, timeout: Duration?) -> AsyncThrowingStream<Data, any Error>
    /// A flex entry's signature; with init values, a class entry is built (so a failing constructor shows now).
    func inspect(entry: PythonEntry) async throws -> EntrySignature
}

extension PythonToolRunner {
    public func call(entry: PythonEntry, arguments: Data, timeout: Duration?) async throws -> PythonCallResult {
        throw FlowRunError.system("This Python runner cannot run flex entries ('\(entry.entry)').")
    }

    public func stream(entry: PythonEntry, arguments: Data, timeout: Duration?) -> AsyncThrowingStream<Data, any Error>
    {
        AsyncThrowingStream {
            $0.finish(throwing: FlowRunError.system("This Python runner cannot run flex entries ('\(entry.entry)')."))
        }
    }

    public func inspect(entry: PythonEntry) async throws -> EntrySignature {
        throw FlowRunError.system("This Python runner cannot run flex entries ('\(entry.entry)').")
    }
}

extension PythonWorker: PythonToolRunner {}
extension PythonWorkerPool: PythonToolRunner {}
