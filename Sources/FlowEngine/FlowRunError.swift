/// Why loading a flow for running, or running it, failed: a user error (the flow, its inputs, a tool's own code,
/// an LLM refusal) or a system error (Flowgate or a worker process). `message` is what a client is shown.
public struct FlowRunError: Error, Sendable, CustomStringConvertible {
    /// promptflow's error code families: 400 for user errors, 500 for system errors when served.
    public enum Kind: String, Sendable, Equatable {
        case user = "UserError"
        case system = "SystemError"
    }

    public var kind: Kind
    public var message: String
    /// The node that failed, when one did.
    public var node: String?
    /// The run as far as it got (nodes finished before the failure), when the run had started.
    public var record: FlowRunRecord?

    public init(_ kind: Kind, _ message: String, node: String? = nil, record: FlowRunRecord? = nil) {
        self.kind = kind
        self.message = message
        self.node = node
        self.record = record
    }

    public static func user(_ message: String, node: String? = nil) -> FlowRunError {
        FlowRunError(.user, message, node: node)
    }

    public static func system(_ message: String, node: String? = nil) -> FlowRunError {
        FlowRunError(.system, message, node: node)
    }

    public var description: String { message }
}
