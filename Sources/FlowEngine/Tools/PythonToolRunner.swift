import Foundation
import PythonHost

/// What the engine needs from PythonHost: call a tool file's `@tool` function with JSON keyword arguments
/// (whole result, or chunks as they are yielded) and inspect its signature. `PythonWorker` (and the pool) conform.
public protocol PythonToolRunner: Sendable {
    func call(tool: String, arguments: Data, timeout: Duration?) async throws -> PythonCallResult
    func stream(tool: String, arguments: Data, timeout: Duration?) -> AsyncThrowingStream<Data, any Error>
    func inspect(tool: String) async throws -> ToolSignature
}

extension PythonWorker: PythonToolRunner {}
extension PythonWorkerPool: PythonToolRunner {}
