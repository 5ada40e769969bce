import Platform
import Synchronization

/// The `DeploymentAdmission` of every published `LiveDeployment` object, keyed by identity: a restarted deployment
/// is a new object and starts with fresh counters. Entries of deployments nobody holds any more are dropped.
final class AdmissionTable: Sendable {
    private struct Entry {
        weak var deployment: LiveDeployment?
        let admission: DeploymentAdmission
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    /// The admission state of `deployment`, made on first use.
    func admission(for deployment: LiveDeployment) -> DeploymentAdmission {
        let key = ObjectIdentifier(deployment)
        return entries.withLock { entries in
            if let entry = entries[key], entry.deployment === deployment { return entry.admission }
            // A request in flight holds its deployment, so an entry whose deployment is gone has nothing in flight.
            entries = entries.filter { $0.value.deployment != nil }
            let admission = DeploymentAdmission(
                settings: deployment.requestSettings, instanceCount: deployment.instances.count)
            entries[key] = Entry(deployment: deployment, admission: admission)
            return admission
        }
    }
}
