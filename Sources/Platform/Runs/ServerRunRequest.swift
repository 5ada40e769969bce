import FlowEngine
import FlowSpec

/// What a bulk run on the server is started from: the flow (a folder the server reads, registered as a snapshot
/// first, or a snapshot id), the data (a JSONL file the server reads, or rows given inline) and how lines map to inputs.
public struct ServerRunRequest: Sendable {
    /// Where the run's flow comes from.
    public enum FlowSource: Sendable, Equatable {
        /// An absolute folder on the server; it is copied into an immutable snapshot before the run starts.
        case path(String)
        /// A snapshot uploaded or registered before.
        case snapshot(String)
    }

    /// Where the run's lines come from.
    public enum DataSource: Sendable {
        /// An absolute JSONL file on the server.
        case path(String)
        /// The lines themselves, one JSON object each.
        case rows([FlowObject])
    }

    /// The run's name; nil gives promptflow's `<flow>_<timestamp>`.
    public var name: String?
    public var flow: FlowSource
    public var data: DataSource
    public var columnMapping: BulkRunColumnMapping
    /// `${node.variant_id}`, nil for the default variants.
    public var variant: String?
    /// Lines run at once.
    public var concurrency: Int

    public init(
        name: String? = nil, flow: FlowSource, data: DataSource,
        columnMapping: BulkRunColumnMapping = BulkRunColumnMapping(), variant: String? = nil, concurrency: Int = 4
    ) {
        self.name = name
        self.flow = flow
        self.data = data
        self.columnMapping = columnMapping
        self.variant = variant
        self.concurrency = concurrency
    }
}
