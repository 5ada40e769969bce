import FlowEngine
import FlowSpec
import Foundation

/// A bulk run as the server reports it: its record (status `Running` until it ends, with the lines done so far),
/// the snapshot its flow ran from and the metrics of its aggregation nodes (empty until it completes).
public struct ServerRun: Sendable {
    public var record: BulkRunRecord
    /// The immutable snapshot the run's flow came from; a deployment of the run serves this snapshot.
    public var snapshotID: String?
    public var metrics: FlowObject

    public init(record: BulkRunRecord, snapshotID: String?, metrics: FlowObject = [:]) {
        self.record = record
        self.snapshotID = snapshotID
        self.metrics = metrics
    }

    public var name: String { record.name }
    public var status: BulkRunStatus { record.status }
    /// `${node.variant_id}` the run used, nil for the defaults.
    public var variant: String? { record.variant }
    /// When it ended; nil while it runs.
    public var endTime: Date? { record.status == .running ? nil : record.endTime }
}
