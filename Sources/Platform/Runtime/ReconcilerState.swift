/// The reconciler's memory: its tasks, the running instances and the deployments' logs.
struct ReconcilerState: Sendable {
    struct Work: Sendable {
        let task: Task<Void, Never>
        /// Whether the task provisions (create, update, restart): one that a newer desired state cancels.
        /// Deletes and endpoint work run to their end.
        let provisions: Bool
        /// The deployment version the task last read or wrote; another one in the store means someone changed
        /// the desired state meanwhile, and the task is cancelled so the next pass starts over.
        var version: Int?
        /// The version the task's own write under way will leave (not someone else's change).
        var writing: Int?

        /// Whether `stored` is a version this task read or is writing itself, or an older one (a pass that read
        /// the store before the task's last write).
        func owns(_ stored: Int) -> Bool {
            guard let version else { return true }
            return stored <= version || stored == writing
        }
    }

    var work: [WorkKey: Work] = [:]
    var running: [DeploymentKey: RunningDeployment] = [:]
    var logs: [DeploymentKey: DeploymentLog] = [:]
    /// The server stops: log followers end, and new ones get their tail only.
    var followingEnded = false
    /// Deployments whose instances could not be restarted after a restart (not retried until their state changes).
    var restoreFailed: Set<DeploymentKey> = []
    /// Instances started since this reconciler was made (tests check that nothing starts twice).
    var instancesStarted = 0
    var isShutDown = false
}
