/// How a bulk run ended, in promptflow's run status words. Failed lines do not fail the run;
/// a run-level problem (data, mapping, aggregation) does, and a cancelled task gives `canceled`.
/// `running` is only ever written by a server run still in progress (a local run writes its record at the end).
public enum BulkRunStatus: String, Sendable, Equatable, Codable {
    case running = "Running"
    case completed = "Completed"
    case failed = "Failed"
    case canceled = "Canceled"
}
