/// How a bulk run ended, in promptflow's run status words. Failed lines do not fail the run;
/// a run-level problem (data, mapping, aggregation) does, and a cancelled task gives `canceled`.
public enum BulkRunStatus: String, Sendable, Equatable, Codable {
    case completed = "Completed"
    case failed = "Failed"
    case canceled = "Canceled"
}
