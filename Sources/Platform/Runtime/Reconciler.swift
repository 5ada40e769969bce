import Foundation
import Logging
import Synchronization
import Telemetry

/// Brings actual state to the desired state in the store: registers snapshots, builds environments, starts
/// in-process instances, probes them and publishes ready deployments to `LiveEndpoints`; resumes unfinished
/// operations after a restart (nothing lost, nothing started twice).
///
/// Each pass reads the endpoints, deployments and running operations and starts one task per resource that needs
/// work (at most one per resource); a task that finishes wakes the loop, so a change made meanwhile is seen.
public final class Reconciler: Sendable {
    let store: any Store
    let snapshots: FlowSnapshots
    let live: LiveEndpoints
    let connections: LocalConnectionStore
    /// Where venvs built from requirements live (`<data dir>/envs`).
    let environmentsDirectory: URL
    /// The server's environment; instances get it plus their deployment's variables.
    let environment: [String: String]
    /// Where deployment logs are written (`<data dir>/logs`); `nil` keeps them in memory.
    let logsDirectory: URL?
    let logRotation: LogRotation
    let logger: Logger
    /// Owns the metric registry every instance shares (`metricsText()`).
    let metrics: ServingTelemetry
    /// How often the store is read again without a `wake()` (a safety net, not the normal path).
    let idlePass: Duration
    let state = Mutex(ReconcilerState())
    /// Serializes live-table refreshes (see `AsyncSerialLock`).
    private let refreshes = AsyncSerialLock()
    /// How long a replaced or deleted generation keeps its instances before draining them (see `retire`).
    static let retireGrace = Duration.milliseconds(250)
    private let wakes: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation

    public init(
        store: any Store, snapshots: FlowSnapshots, live: LiveEndpoints, connections: LocalConnectionStore,
        environmentsDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger, idlePass: Duration = .seconds(5), logsDirectory: URL? = nil,
        logRotation: LogRotation = LogRotation()
    ) {
        self.store = store
        self.snapshots = snapshots
        self.live = live
        self.connections = connections
        self.environmentsDirectory = environmentsDirectory
        self.environment = environment
        self.logsDirectory = logsDirectory
        self.logRotation = logRotation
        self.logger = logger
        self.idlePass = idlePass
        self.metrics = ServingTelemetry(
            configuration: TelemetryConfiguration(flowName: "flowgate"), logger: logger)
        (wakes, wakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Desired state changed (an API write): reconcile soon. Never blocks.
    public func wake() {
        wakeContinuation.yield()
    }

    /// Reconciles until cancelled: first resumes unfinished operations and restarts the instances of deployments
    /// that were `Succeeded`, then works whenever `wake()` is called (and every `idlePass`).
    public func run() async throws {
        let ticker = Task { [idlePass] in
            while !Task.isCancelled {
                try? await Task.sleep(for: idlePass)
                self.wake()
            }
        }
        defer { ticker.cancel() }
        await removeOrphanLogs()
        await withTaskCancellationHandler {
            await pass()
            for await _ in wakes {
                if Task.isCancelled || state.withLock({ $0.isShutDown }) { break }
                await pass()
            }
        } onCancel: {
            wakeContinuation.finish()
        }
        let tasks = state.withLock { $0.work.values.map(\.task) }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Reloads one endpoint's auth mode, keys and traffic from the store into `LiveEndpoints` (awaited, so a
    /// regenerated key is refused as soon as the API answers); removes it from `LiveEndpoints` when it is gone or
    /// being deleted.
    public func refreshEndpoint(_ name: String) async throws {
        try await refreshes.run { try await self.loadEndpoint(name) }
    }

    /// Takes an endpoint out of the live table, after any refresh under way (which would otherwise bring it back).
    func unpublish(_ name: String) async {
        _ = try? await refreshes.run { self.live.remove(name) }
    }

    private func loadEndpoint(_ name: String) async throws {
        let endpoint: Endpoint
        let keys: EndpointKeys
        do {
            endpoint = try await store.endpoint(named: name)
            keys = try await store.endpointKeys(named: name)
        } catch StoreError.notFound {
            live.remove(name)
            return
        }
        guard endpoint.provisioningState != .deleting else {
            live.remove(name)
            return
        }
        live.update(name) { entry in
            var updated = entry ?? LiveEndpoint(name: name, authMode: endpoint.authMode)
            updated.authMode = endpoint.authMode
            updated.keys = keys
            updated.traffic = endpoint.traffic
            updated.mirrorTraffic = endpoint.mirrorTraffic
            entry = updated
        }
    }

    /// Stops every instance (and its Python workers) and the reconcile loop.
    public func shutdown() async {
        let tasks = state.withLock { state in
            state.isShutDown = true
            return state.work.values.map(\.task)
        }
        wakeContinuation.finish()
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        let running = state.withLock { state in
            defer { state.running = [:] }
            return state.running
        }
        for (key, deployment) in running {
            live.update(key.endpoint) { $0?.deployments[key.name] = nil }
            for instance in deployment.instances { instance.stop() }
        }
        await closeLogs()
    }

    /// Each deployment's requests, latency and tokens per minute over the last hour (the gateway records the
    /// answers into it, the instances their LLM tokens).
    public var metricsHistory: MetricsHistory { metrics.history }

    /// Prometheus text of every instance's serving metrics (with `endpoint` and `deployment` dimensions), the
    /// process metrics, and the resource metrics of the deployments whose identity may write them.
    public func metricsText() -> String {
        metrics.metricsText() + resourceMetricsText()
    }

    /// Instances started since this reconciler was made.
    var instancesStarted: Int { state.withLock { $0.instancesStarted } }
}
