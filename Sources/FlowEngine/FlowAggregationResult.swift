import FlowSpec

/// What a bulk run's aggregation produced: each aggregation node's output, the metrics its tools logged
/// (`log_metric`, or a flex class's `__aggregate__` dict), and a record per aggregation node.
public struct FlowAggregationResult: Sendable {
    /// Outputs by aggregation node name (a bypassed node has none).
    public var outputs: FlowObject
    /// Metrics by key (`key.variant_id` when the tool named a variant), in the order they were logged.
    public var metrics: FlowObject
    /// One record per aggregation node: completed or bypassed.
    public var nodes: [NodeRunRecord]

    public init(outputs: FlowObject = [:], metrics: FlowObject = [:], nodes: [NodeRunRecord] = []) {
        self.outputs = outputs
        self.metrics = metrics
        self.nodes = nodes
    }
}
