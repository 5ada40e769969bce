import FlowSpec
import Foundation
import LLM

/// The record of one flow run: its id, inputs as parsed, outputs, every node's record, total tokens and timing.
/// A failed run keeps the records of the nodes that finished before the failure.
public struct FlowRunRecord: Sendable {
    /// Whether the run produced its outputs.
    public enum Status: String, Sendable, Equatable {
        case completed = "Completed"
        case failed = "Failed"
    }

    public var runID: String
    public var status: Status
    /// The variant the run used, as `${node.variant_id}`, when one was selected.
    public var variant: String?
    public var inputs: FlowObject
    /// Non-streamed outputs (a streamed output is delivered by `FlowRunResult.stream`).
    public var outputs: FlowObject
    /// Node records in the order the nodes finished (bypassed nodes when they were decided).
    public var nodes: [NodeRunRecord]
    public var startTime: Date
    public var endTime: Date
    /// The failure message of a failed run.
    public var error: String?

    public init(
        runID: String, status: Status, variant: String? = nil, inputs: FlowObject, outputs: FlowObject = [:],
        nodes: [NodeRunRecord] = [], startTime: Date, endTime: Date, error: String? = nil
    ) {
        self.runID = runID
        self.status = status
        self.variant = variant
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = nodes
        self.startTime = startTime
        self.endTime = endTime
        self.error = error
    }

    /// Wall time of the run, in seconds.
    public var duration: TimeInterval { endTime.timeIntervalSince(startTime) }

    /// The sum of the nodes' token usage; nil when no node reported any.
    public var totalUsage: TokenUsage? {
        nodes.compactMap(\.usage).reduce(nil) { sum, usage in sum.map { $0 + usage } ?? usage }
    }

    /// The record of `node`, if it has one.
    public func node(_ name: String) -> NodeRunRecord? {
        nodes.first { $0.node == name }
    }
}
