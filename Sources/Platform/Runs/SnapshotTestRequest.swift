import FlowSpec

/// One line of a snapshot's flow to run without deploying it (`POST /snapshots/{id}/test`).
public struct SnapshotTestRequest: Sendable {
    public var snapshotID: String
    /// The flow's inputs; missing ones take their defaults.
    public var inputs: FlowObject
    /// A variant as `${node.variant_id}`.
    public var variant: String?
    /// As a deployment's `connection_overrides`: a node name or a connection name → the connection to use.
    public var connections: [String: String]
    /// Hand a streamable output over chunk by chunk (`FlowRunResult.stream`).
    public var stream: Bool
    /// Called with the connections the flow uses (after `connections`) before anything runs; throwing refuses the
    /// test (the API checks the caller may read each one's secrets, which a tool of the flow could return).
    public var authorize: (@Sendable (_ connections: [String]) async throws -> Void)?

    public init(
        snapshotID: String, inputs: FlowObject, variant: String? = nil, connections: [String: String] = [:],
        stream: Bool = false
    ) {
        self.snapshotID = snapshotID
        self.inputs = inputs
        self.variant = variant
        self.connections = connections
        self.stream = stream
    }
}
