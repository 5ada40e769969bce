/// How far a bulk run has got, reported after each finished line (for a progress bar).
/// `completed + failed` lines are done out of `total`.
public struct BulkRunProgress: Sendable, Equatable {
    public var completed: Int
    public var failed: Int
    public var total: Int

    public init(completed: Int, failed: Int, total: Int) {
        self.completed = completed
        self.failed = failed
        self.total = total
    }

    public var done: Int { completed + failed }
}
