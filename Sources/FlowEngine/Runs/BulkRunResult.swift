import FlowSpec
import Foundation
import LLM

/// Everything a bulk run produced: per-line results in data order, the aggregation nodes' outputs and their
/// `log_metric` metrics, the run status and timing.
public struct BulkRunResult: Sendable {
    public var status: BulkRunStatus
    public var lines: [BulkRunLineResult]
    /// Aggregation node outputs, by node name.
    public var aggregationOutputs: FlowObject
    /// Metrics logged by aggregation nodes (`key`, or `key.variant_id`), in logging order.
    public var metrics: FlowObject
    /// A run-level failure (aggregation, data), when `status` is failed.
    public var error: FlowRunError?
    public var startTime: Date
    public var endTime: Date

    public init(
        status: BulkRunStatus, lines: [BulkRunLineResult], aggregationOutputs: FlowObject = [:],
        metrics: FlowObject = [:], error: FlowRunError? = nil, startTime: Date, endTime: Date
    ) {
        self.status = status
        self.lines = lines
        self.aggregationOutputs = aggregationOutputs
        self.metrics = metrics
        self.error = error
        self.startTime = startTime
        self.endTime = endTime
    }

    public var completedLines: Int { lines.filter(\.succeeded).count }
    public var failedLines: Int { lines.count - completedLines }
    public var duration: TimeInterval { endTime.timeIntervalSince(startTime) }

    /// Token usage summed over every line's nodes; nil when no node reported any.
    public var totalUsage: TokenUsage? {
        lines.compactMap { $0.record?.totalUsage }.reduce(nil) { sum, usage in sum.map { $0 + usage } ?? usage }
    }
}
