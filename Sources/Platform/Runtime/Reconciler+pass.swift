import Foundation
import Logging

extension Reconciler {
    /// Reads the desired state and starts a task for every resource that needs work and has none running.
    func pass() async {
        let endpoints: [Endpoint]
        let deployments: [Deployment]
        let operations: [ProvisioningOperation]
        do {
            endpoints = try await store.endpoints()
            deployments = try await store.deployments(endpoint: nil)
            operations = try await store.operations(status: .running)
        } catch {
            logger.error("cannot read the desired state; retrying at the next pass", metadata: ["error": "\(error)"])
            return
        }
        let deleting = Set(endpoints.filter { $0.provisioningState == .deleting }.map(\.name))
        for endpoint in endpoints {
            switch endpoint.provisioningState {
            case .creating:
                let (operation, stale) = pick(.create, endpoint.name, nil, operations)
                startWork(.endpoint(endpoint.name)) {
                    await self.cancelStale(stale)
                    await self.createEndpoint(endpoint.name, operation: operation)
                }
            case .deleting:
                let (operation, stale) = pick(.delete, endpoint.name, nil, operations)
                startWork(.endpoint(endpoint.name)) {
                    await self.cancelStale(stale)
                    await self.deleteEndpoint(endpoint.name, operation: operation)
                }
            default:
                if live.endpoint(named: endpoint.name) == nil {
                    try? await refreshEndpoint(endpoint.name)
                }
            }
        }
        for deployment in deployments where !deleting.contains(deployment.endpointName) {
            schedule(deployment, operations: operations)
        }
        await forgetRemoved(endpoints: Set(endpoints.map(\.name)), deployments: Set(deployments.map(DeploymentKey.init)))
    }

    private func schedule(_ deployment: Deployment, operations: [ProvisioningOperation]) {
        let key = DeploymentKey(deployment)
        let work = WorkKey.deployment(key)
        if let busy = state.withLock({ $0.work[work] }) {
            // Someone changed the desired state while a task works on an older one: start over.
            if busy.provisions, deployment.provisioningState == .deleting || !busy.owns(deployment.version) {
                busy.task.cancel()
            }
            return
        }
        switch deployment.provisioningState {
        case .creating, .updating, .scaling:
            _ = ring(key)
            state.withLock { _ = $0.restoreFailed.remove(key) }
            let kind: ProvisioningOperation.Kind = deployment.provisioningState == .creating ? .create : .update
            let (operation, stale) = pick(kind, key.endpoint, key.name, operations)
            startWork(work, version: deployment.version, provisions: true) {
                await self.cancelStale(stale)
                await self.provision(deployment, operation: operation)
            }
        case .deleting:
            let (operation, stale) = pick(.delete, key.endpoint, key.name, operations)
            startWork(work, version: deployment.version) {
                await self.cancelStale(stale)
                await self.deleteDeployment(deployment, operation: operation)
            }
        case .succeeded:
            _ = ring(key)
            let restore = state.withLock { $0.running[key] == nil && !$0.restoreFailed.contains(key) }
            if restore {
                startWork(work, version: deployment.version, provisions: true) {
                    await self.provision(deployment, operation: nil)
                }
            }
        case .failed, .canceled:
            _ = ring(key)
        }
    }

    /// The operation a task records its stages in: the newest running one of the target (preferring `kind`), or a
    /// new one when the writer left none; and the target's older running operations, which it supersedes.
    func pick(
        _ kind: ProvisioningOperation.Kind, _ endpoint: String, _ deployment: String?,
        _ operations: [ProvisioningOperation]
    ) -> (ProvisioningOperation, stale: [ProvisioningOperation]) {
        let mine = operations.filter { $0.target.endpoint == endpoint && $0.target.deployment == deployment }
        let chosen =
            mine.last { $0.kind == kind } ?? mine.last
            ?? ProvisioningOperation(kind: kind, target: .init(endpoint: endpoint, deployment: deployment))
        return (chosen, mine.filter { $0.id != chosen.id })
    }

    /// Marks superseded operations canceled.
    func cancelStale(_ operations: [ProvisioningOperation]) async {
        for var operation in operations {
            operation.status = .canceled
            operation.updatedAt = Date()
            try? await store.saveOperation(operation)
        }
    }

    /// Runs `body` as the task of `key` unless one runs already; the loop is woken when it ends.
    func startWork(
        _ key: WorkKey, version: Int? = nil, provisions: Bool = false, _ body: @escaping @Sendable () async -> Void
    ) {
        state.withLock { state in
            guard state.work[key] == nil, !state.isShutDown else { return }
            let task = Task {
                await body()
                self.state.withLock { _ = $0.work.removeValue(forKey: key) }
                self.wake()
            }
            state.work[key] = ReconcilerState.Work(task: task, provisions: provisions, version: version)
        }
    }

    /// Records the deployment version a task just wrote, so the pass does not take it for someone else's change.
    func noteVersion(_ key: DeploymentKey, _ version: Int) {
        state.withLock { state in
            state.work[.deployment(key)]?.version = version
            state.work[.deployment(key)]?.writing = nil
        }
    }

    /// Records that a task is about to write the deployment it read at `version`.
    func noteWriting(_ key: DeploymentKey, over version: Int) {
        state.withLock { $0.work[.deployment(key)]?.writing = version + 1 }
    }

    /// Stops what runs for endpoints and deployments the store no longer has.
    private func forgetRemoved(endpoints: Set<String>, deployments: Set<DeploymentKey>) async {
        for name in live.names where !endpoints.contains(name) {
            let busy = state.withLock { $0.work.keys.contains { $0.endpointName == name } }
            if !busy { live.remove(name) }
        }
        let orphans = state.withLock { state -> [RunningDeployment] in
            let gone = state.running.keys.filter {
                !deployments.contains($0) && state.work[.deployment($0)] == nil && state.work[.endpoint($0.endpoint)] == nil
            }
            return gone.compactMap { state.running.removeValue(forKey: $0) }
        }
        for deployment in orphans {
            live.update(deployment.live.endpointName) { $0?.deployments[deployment.live.name] = nil }
            await retire(deployment)
        }
    }

    /// Waits for the generation's requests to finish (up to its request timeout and a margin), then stops it.
    /// It is out of the live table already; the grace lets a request that read the table just before it was
    /// changed reach its instance (and be counted) first. Runs to the end even when the caller is cancelled
    /// (shutdown, a newer change): instances are never left running, nor stopped under a request.
    func retire(_ deployment: RunningDeployment) async {
        await Task {
            try? await Task.sleep(for: Self.retireGrace)
            let limit = Duration.milliseconds(deployment.live.requestSettings.requestTimeoutMS) + .seconds(5)
            await withTaskGroup(of: Void.self) { group in
                for instance in deployment.instances {
                    group.addTask { await instance.drain(limit: limit) }
                }
            }
            for instance in deployment.instances { instance.stop() }
        }.value
    }
}
