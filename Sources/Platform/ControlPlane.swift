import Foundation
import Logging

/// Everything the management API and the gateway share in one `flowgate server`: the store, flow snapshots,
/// connections, the live endpoint table and the reconciler that keeps them in step.
public final class ControlPlane: Sendable {
    public let configuration: ControlPlaneConfiguration
    public let store: any Store
    public let snapshots: FlowSnapshots
    public let connections: LocalConnectionStore
    public let live: LiveEndpoints
    public let reconciler: Reconciler
    /// Bulk runs started on the server (`<data dir>/runs`).
    public let runs: ServerRuns
    /// Issues the tokens of `aml_token` endpoints (the gateway verifies them through `live.tokens`).
    public var tokens: EndpointTokenAuthority? { live.tokens }

    public init(
        configuration: ControlPlaneConfiguration, store: any Store, snapshots: FlowSnapshots,
        connections: LocalConnectionStore, live: LiveEndpoints, reconciler: Reconciler, runs: ServerRuns? = nil
    ) {
        self.runs =
            runs
            ?? ServerRuns(
                directory: configuration.directory, snapshots: snapshots, store: store, connections: connections,
                environment: configuration.environment, logger: Logger(label: "flowgate.runs"))
        self.configuration = configuration
        self.store = store
        self.snapshots = snapshots
        self.connections = connections
        self.live = live
        self.reconciler = reconciler
    }

    /// Opens the data directory (creating it, the master key and the database on first start) and wires the parts.
    public static func open(
        configuration: ControlPlaneConfiguration, logger: Logger = Logger(label: "flowgate.platform")
    ) throws(PlatformError) -> ControlPlane {
        let directory = configuration.directory
        try directory.create()
        let secretBox = try SecretBox.load(directory: directory, environment: configuration.environment)
        let store = try SQLiteStore(
            directory: directory, secretBox: secretBox,
            auditRetention: try AuditEvent.retention(environment: configuration.environment))
        let connections = try LocalConnectionStore(directory: directory, secretBox: secretBox)
        let snapshots = FlowSnapshots(directory: directory)
        let tokens = try EndpointTokenAuthority(masterKey: secretBox, environment: configuration.environment)
        let live = LiveEndpoints(tokens: tokens)
        let reconciler = Reconciler(
            store: store, snapshots: snapshots, live: live, connections: connections,
            environmentsDirectory: directory.file("envs"), environment: configuration.environment, logger: logger,
            logsDirectory: directory.file("logs"), logRotation: configuration.logRotation)
        let runs = ServerRuns(
            directory: directory, snapshots: snapshots, store: store, connections: connections,
            environment: configuration.environment, logger: logger)
        return ControlPlane(
            configuration: configuration, store: store, snapshots: snapshots, connections: connections, live: live,
            reconciler: reconciler, runs: runs)
    }
}
