import Foundation
import Logging

/// Brings actual state to the desired state in the store: registers snapshots, builds environments, starts
/// in-process instances, probes them and publishes ready deployments to `LiveEndpoints`; resumes unfinished
/// operations after a restart (nothing lost, nothing started twice).
///
/// SKELETON: the reconcile loop is being written (issue 5); the signatures below are the contract other modules use.
public final class Reconciler: Sendable {
    let store: any Store
    let snapshots: FlowSnapshots
    let live: LiveEndpoints
    let logger: Logger

    public init(store: any Store, snapshots: FlowSnapshots, live: LiveEndpoints, logger: Logger) {
        self.store = store
        self.snapshots = snapshots
        self.live = live
        self.logger = logger
    }

    /// Desired state changed (an API write): reconcile soon. Never blocks.
    public func wake() {}

    /// Reconciles until cancelled: first resumes unfinished operations and restarts the instances of deployments
    /// that were `Succeeded`, then works whenever `wake()` is called.
    public func run() async throws {}

    /// Reloads one endpoint's auth mode, keys and traffic from the store into `LiveEndpoints` (awaited, so a
    /// regenerated key is refused as soon as the API answers); removes it from `LiveEndpoints` when it is gone.
    public func refreshEndpoint(_ name: String) async throws {}

    /// Stops every instance (and its Python workers).
    public func shutdown() async {}

    /// The last `lines` log lines of the deployment's instances, oldest first; `nil` when no such deployment runs.
    public func logs(endpoint: String, deployment: String, lines: Int) -> [String]? { nil }

    /// Prometheus text of every instance's serving metrics (with `endpoint` and `deployment` dimensions).
    public func metricsText() -> String { "" }
}
