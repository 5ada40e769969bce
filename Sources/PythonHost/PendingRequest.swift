import Foundation

/// A request sent to a worker and not finished yet: who to resume, and what it collected so far.
/// Owned by the worker's table under its lock; resumed exactly once, outside the lock.
final class PendingRequest: @unchecked Sendable {
    enum Completion {
        case call(CheckedContinuation<PythonCallResult, any Error>)
        case stream(AsyncThrowingStream<Data, any Error>.Continuation)
        case raw(CheckedContinuation<Data, any Error>)
    }

    let tool: String
    let completion: Completion
    var metrics: [PythonMetric] = []

    init(tool: String, completion: Completion) {
        self.tool = tool
        self.completion = completion
    }

    func succeed(_ value: Data, isGenerator: Bool) {
        switch completion {
        case .call(let continuation):
            continuation.resume(returning: PythonCallResult(value: value, isGenerator: isGenerator, metrics: metrics))
        case .stream(let continuation):
            continuation.yield(value)
            continuation.finish()
        case .raw(let continuation):
            continuation.resume(returning: value)
        }
    }

    func yield(_ chunk: Data) {
        if case .stream(let continuation) = completion { continuation.yield(chunk) }
    }

    func finishStream() {
        switch completion {
        case .stream(let continuation): continuation.finish()
        case .call(let continuation):
            continuation.resume(
                returning: PythonCallResult(value: Data("[]".utf8), isGenerator: true, metrics: metrics))
        case .raw(let continuation): continuation.resume(returning: Data("null".utf8))
        }
    }

    func fail(_ error: any Error) {
        switch completion {
        case .call(let continuation): continuation.resume(throwing: error)
        case .stream(let continuation): continuation.finish(throwing: error)
        case .raw(let continuation): continuation.resume(throwing: error)
        }
    }
}
