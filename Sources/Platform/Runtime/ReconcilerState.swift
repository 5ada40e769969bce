/// The reconciler's memory: its tasks, the running instances and the deployments' log rings.
struct ReconcilerState: Sendable {
    struct Work: Sendable {
        let task: Task<Void, Never>
        /// Whether the task provisions (create, update, restart): one that a newer desired state cancels.
        /// Deletes and endpoint work run to their end.
        let provisions: Bool
        /// The deployment version the task last read or wrote; a newer one in the store means someone changed
        /// the desired state meanwhile, and the task is cancelled so the next pass starts over.
        var version: Int?
    }

    var work: [WorkKey: Work] = [:]
    var running: [DeploymentKey: RunningDeployment] = [:]
    var rings: [DeploymentKey: LogRing] = [:]
    /// Deployments whose instances could not be restarted after a restart (not retried until their state changes).
    var restoreFailed: Set<DeploymentKey> = []
    /// Instances started since this reconciler was made (tests check that nothing starts twice).
    var instancesStarted = 0
    var isShutDown = false
}
