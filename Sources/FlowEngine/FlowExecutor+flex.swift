import FlowSpec
import Foundation

extension FlowExecutor {
    /// A flex flow's run: one call of its entry, recorded as one node named after the called function. A dict
    /// result (a dataclass as the dict of its fields) is the outputs, in the dict's order; any other result is
    /// `FlowRunResult.bareOutput` and the `output` output; a generator's chunks are the stream when `stream` is set.
    func runFlex(
        _ flex: FlexRunner, inputs given: FlowObject, runID: String, stream: Bool, start: Date
    ) async throws -> FlowRunResult {
        let inputs = try flex.parse(given)
        let callStart = Date()
        let value: NodeValue
        do {
            value = try await flex.invoke(inputs, stream: stream)
        } catch let error as CancellationError {
            throw error
        } catch {
            var failure = flex.failure(error)
            let node = NodeRunRecord(
                node: flex.name, status: .failed, startTime: callStart, endTime: Date(), inputs: inputs,
                error: failure.message)
            failure.record = FlowRunRecord(
                runID: runID, status: .failed, inputs: inputs, nodes: [node], startTime: start, endTime: Date(),
                error: failure.message)
            throw failure
        }
        let node = NodeRunRecord(
            node: flex.name, status: .completed, startTime: callStart, endTime: Date(), inputs: inputs)
        return Self.singleCallResult(value, usage: nil, node: node, runID: runID, start: start)
    }
}
