import FlowSpec
import Foundation
import LLM

/// What happened to one node in one run: status, timing, inputs it was called with, output, tokens, error.
/// Bypassed nodes have a record too (no inputs, no output); a streamed output is not held here (`isStreamed`).
public struct NodeRunRecord: Sendable {
    /// promptflow's node run statuses.
    public enum Status: String, Sendable, Equatable {
        case completed = "Completed"
        case failed = "Failed"
        case bypassed = "Bypassed"
    }

    public var node: String
    public var status: Status
    public var startTime: Date
    public var endTime: Date
    /// The arguments the tool was called with (connection arguments show the connection's name only).
    public var inputs: FlowObject
    public var output: FlowValue?
    public var isStreamed: Bool
    public var usage: TokenUsage?
    /// The failure message, for failed nodes.
    public var error: String?
    /// The model or deployment an llm node (or a prompty call) used: the one the response names, else the one
    /// requested (`model`, Azure's `deployment_name`). Nil for other tools.
    public var model: String?

    public init(
        node: String, status: Status, startTime: Date, endTime: Date, inputs: FlowObject = [:],
        output: FlowValue? = nil, isStreamed: Bool = false, usage: TokenUsage? = nil, error: String? = nil,
        model: String? = nil
    ) {
        self.model = model
        self.node = node
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.inputs = inputs
        self.output = output
        self.isStreamed = isStreamed
        self.usage = usage
        self.error = error
    }

    /// Wall time between start and end, in seconds.
    public var duration: TimeInterval { endTime.timeIntervalSince(startTime) }
}
