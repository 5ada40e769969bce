import FlowSpec
import Foundation

/// What a node's task hands back to the scheduler: its result or error, with timing and the inputs it got.
struct NodeCompletion: Sendable {
    let node: String
    let inputs: FlowObject
    let startTime: Date
    let endTime: Date
    let result: Result<ToolOutput, any Error>
}
