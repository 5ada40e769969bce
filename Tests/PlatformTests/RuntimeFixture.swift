import FlowEngine
import FlowgateTestSupport
import Foundation
import Hummingbird
import Testing

@testable import Platform

/// A control plane on a temporary data directory with its reconciler running, and the helpers the reconciler and
/// runtime tests share: desired-state writes as the management API makes them, polling the store, scoring.
final class RuntimeFixture: @unchecked Sendable {
    let home = TemporaryHome()
    let plane: ControlPlane
    private var loop: Task<Void, Never>?

    init() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        plane = try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: home.directory, publicURL: URL(string: "http://127.0.0.1:8080")!,
                environment: environment))
    }

    var store: any Store { plane.store }
    var reconciler: Reconciler { plane.reconciler }

    /// A second control plane over the same data directory (a restarted server), its loop not yet running.
    func reopened() throws -> ControlPlane {
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        return try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: home.directory, publicURL: URL(string: "http://127.0.0.1:8080")!,
                environment: environment))
    }

    /// Starts the reconcile loop.
    func start() {
        let reconciler = plane.reconciler
        loop = Task { try? await reconciler.run() }
    }

    /// Stops the loop and every instance.
    func stop() async {
        loop?.cancel()
        await loop?.value
        await plane.reconciler.shutdown()
    }

    /// The repository's examples/flows/<name>.
    static func example(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/flows/\(name)")
    }

    /// A flow folder of `files` (relative path → text) under the temporary folder.
    func flowFolder(_ name: String, _ files: [String: String]) throws -> URL {
        try TestFlowFiles.write(files, into: home.root.appendingPathComponent("flows").appendingPathComponent(name))
    }

    /// A copy of an example flow that the test may edit.
    func copyOfExample(_ name: String) throws -> URL {
        let target = home.root.appendingPathComponent("flows").appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.example(name), to: target)
        return target
    }

    /// Writes an endpoint as the API does (Creating, with its create operation) and wakes the reconciler.
    @discardableResult
    func createEndpoint(_ name: String, traffic: [String: Int] = [:]) async throws -> Endpoint {
        let endpoint = try await store.createEndpoint(
            Endpoint(name: name), keys: .generate(),
            operation: ProvisioningOperation(kind: .create, target: .init(endpoint: name)))
        reconciler.wake()
        return endpoint
    }

    /// Writes a deployment as the API does (Creating, with its create operation) and wakes the reconciler.
    @discardableResult
    func createDeployment(_ deployment: Deployment) async throws -> ProvisioningOperation {
        let operation = ProvisioningOperation(
            kind: .create, target: .init(endpoint: deployment.endpointName, deployment: deployment.name))
        _ = try await store.createDeployment(deployment, operation: operation)
        reconciler.wake()
        return operation
    }

    /// Changes a deployment as the API's PATCH does (Updating, with an update operation), retrying on conflicts.
    @discardableResult
    func updateDeployment(
        _ name: String, endpoint: String, _ change: (inout Deployment) -> Void
    ) async throws -> ProvisioningOperation {
        let operation = ProvisioningOperation(kind: .update, target: .init(endpoint: endpoint, deployment: name))
        while true {
            var deployment = try await store.deployment(name, endpoint: endpoint)
            change(&deployment)
            deployment.provisioningState = .updating
            deployment.failure = nil
            do {
                _ = try await store.updateDeployment(deployment, operation: operation)
                reconciler.wake()
                return operation
            } catch StoreError.versionConflict {
                continue
            }
        }
    }

    /// Creates endpoint `endpoint` and deployment `name` of the python-only example on it; the deployment once its
    /// provisioning ended (the test checks how).
    func deployPythonOnly(_ name: String, endpoint: String) async throws -> Deployment {
        try await createEndpoint(endpoint)
        try await createDeployment(
            Deployment(endpointName: endpoint, name: name, flowPath: Self.example("python-only").path))
        return try await settled(name, endpoint: endpoint)
    }

    /// A flow whose tool module takes 8 s to import, so its instances stay starting that long.
    static let slowImportFlow: [String: String] = [
        "flow.dag.yaml": """
        inputs:
          text: {type: string, default: x}
        outputs:
          out: {type: string, reference: "${slow.output}"}

        """ + TestFlowFiles.pythonNode("slow", inputs: ["text": "${inputs.text}"]),
        "slow.py": "import time\nfrom promptflow.core import tool\n\ntime.sleep(8)\n\n@tool\n"
            + "def slow(text: str) -> str:\n    return text\n",
    ]

    /// Creates endpoint `endpoint` and deployment `blue` of a flow whose tool module takes 8 s to import; returns the
    /// create operation once its instances are starting, so what the test does next arrives mid-start.
    func slowlyStartingDeployment(endpoint: String) async throws -> ProvisioningOperation {
        let folder = try flowFolder("slow-\(endpoint)", Self.slowImportFlow)
        try await createEndpoint(endpoint)
        let create = try await createDeployment(Deployment(endpointName: endpoint, name: "blue", flowPath: folder.path))
        try await poll("the instance to be starting") {
            let operation = try await self.store.operation(id: create.id)
            return operation.stages.contains { $0.name == OperationStage.instancesStarted && $0.status == .running }
                ? true : nil
        }
        return create
    }

    /// Polls the store (every 50 ms, up to `limit`) until the deployment reaches a terminal state.
    func settled(_ name: String, endpoint: String, limit: Duration = .seconds(90)) async throws -> Deployment {
        try await poll(limit: limit, "deployment \(endpoint)/\(name) to settle") {
            let deployment = try await self.store.deployment(name, endpoint: endpoint)
            return deployment.provisioningState.isTerminal ? deployment : nil
        }
    }

    /// Polls `probe` every 50 ms until it returns a value, failing the test after `limit`.
    @discardableResult
    func poll<T>(
        limit: Duration = .seconds(90), _ what: String, _ probe: () async throws -> T?
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while clock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// The live deployment the gateway would use.
    func liveDeployment(_ name: String, endpoint: String) -> LiveDeployment? {
        plane.live.endpoint(named: endpoint)?.deployments[name]
    }

    /// Scores `json` on `instance` as the gateway does; the status and the whole body.
    static func score(_ instance: any ScoringInstance, _ json: String) async throws -> (Int, String) {
        try await TestBodyCollector.statusAndText(
            of: await instance.score(.testScore(json: json), requestID: UUID().uuidString))
    }
}
