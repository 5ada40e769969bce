import FlowEngine
import FlowgateTestSupport
import Foundation
import Testing

@testable import Platform

/// The reconciler turns desired state in the store into ready deployments in the live table, or into a failure
/// with Azure's code and a message that names the cause.
@Suite(.serialized) struct ReconcilerTests {
    static let stages = [
        OperationStage.flowRegistered, OperationStage.environmentBuilt, OperationStage.checkAccess,
        OperationStage.instancesStarted, OperationStage.ready,
    ]

    @Test func deploysPythonOnlyAndScores() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let clock = ContinuousClock()
        let begun = clock.now
        try await fixture.createEndpoint("support-bot")
        let operation = try await fixture.createDeployment(
            Deployment(
                endpointName: "support-bot", name: "blue", flowPath: RuntimeFixture.example("python-only").path,
                environmentVariables: ["FLOWGATE_TEST_MARK": "1"]))
        let deployment = try await fixture.settled("blue", endpoint: "support-bot")
        print("python-only: Creating → Succeeded in \(clock.now - begun)")
        #expect(deployment.provisioningState == .succeeded, "\(deployment.failure?.description ?? "")")
        #expect(deployment.snapshotID.map(FlowSnapshot.isValidID) == true)

        let endpoint = try await fixture.store.endpoint(named: "support-bot")
        #expect(endpoint.provisioningState == .succeeded)
        let endpointOperations = try await fixture.store.operations(endpoint: "support-bot", limit: 10)
            .filter { $0.target.deployment == nil }
        #expect(endpointOperations.first?.stages.map(\.name) == [OperationStage.endpointCreated])
        #expect(endpointOperations.first?.status == .succeeded)

        let stored = try await fixture.store.operation(id: operation.id)
        #expect(stored.status == .succeeded)
        #expect(stored.stages.map(\.name) == Self.stages)
        #expect(stored.stages.allSatisfy { $0.status == .succeeded || $0.status == .skipped })
        // Stages ran in order: each started no earlier than the one before it ended.
        for (before, after) in zip(stored.stages, stored.stages.dropFirst()) {
            #expect((before.endedAt ?? .distantFuture) <= (after.startedAt ?? .distantPast))
        }

        let live = try #require(fixture.liveDeployment("blue", endpoint: "support-bot"))
        #expect(live.snapshotID == deployment.snapshotID)
        #expect(live.instances.map(\.id) == ["blue-0"])
        #expect(fixture.plane.live.endpoint(named: "support-bot")?.keys != nil)
        let (status, body) = try await RuntimeFixture.score(live.instances[0], #"{"text": "a b a", "top_n": 1}"#)
        #expect(status == 200)
        #expect(body.contains("\"report\""))
        #expect(body.contains("\"stats\""))
        print("python-only: Creating → first 200 in \(clock.now - begun)")

        let swagger = await live.instances[0].swaggerJSON()
        #expect(String(buffer: swagger).contains("\"/score\""))
        let metrics = fixture.reconciler.metricsText()
        #expect(metrics.contains(#"deployment="blue""#))
        #expect(metrics.contains(#"endpoint="support-bot""#))
        let logs = try #require(await fixture.reconciler.logs(endpoint: "support-bot", deployment: "blue", lines: 100))
        #expect(logs.contains { $0.contains("[blue-0]") && $0.contains("request finished") })
        #expect(logs.contains { $0.contains("[provisioning]") })
        #expect(await fixture.reconciler.logs(endpoint: "support-bot", deployment: "green", lines: 10) == nil)
        await fixture.stop()
    }

    @Test func includedOutputsAndEnvironmentReachTheInstance() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let folder = try fixture.flowFolder(
            "env-flow",
            [
                "flow.dag.yaml": """
                inputs:
                  name: {type: string, default: x}
                outputs:
                  value: {type: string, reference: "${read.output}"}
                  other: {type: string, reference: "${inputs.name}"}
                environment_variables:
                  FROM_FLOW: flow
                  SHADOWED: flow

                """ + TestFlowFiles.pythonNode("read", inputs: ["name": "${inputs.name}"]),
                "read.py": """
                import os
                from promptflow.core import tool

                @tool
                def read(name: str) -> str:
                    return "|".join(os.environ.get(n, "-") for n in ["FROM_FLOW", "SHADOWED", "FROM_DEPLOYMENT"])
                """,
            ])
        try await fixture.createEndpoint("env-endpoint")
        try await fixture.createDeployment(
            Deployment(
                endpointName: "env-endpoint", name: "blue", flowPath: folder.path,
                environmentVariables: ["SHADOWED": "deployment", "FROM_DEPLOYMENT": "yes"], outputs: ["value"]))
        let deployment = try await fixture.settled("blue", endpoint: "env-endpoint")
        #expect(deployment.provisioningState == .succeeded, "\(deployment.failure?.description ?? "")")
        let live = try #require(fixture.liveDeployment("blue", endpoint: "env-endpoint"))
        let (status, body) = try await RuntimeFixture.score(live.instances[0], #"{"name": "n"}"#)
        #expect(status == 200)
        #expect(body == #"{"value":"flow|deployment|yes"}"# + "\n" || body == #"{"value":"flow|deployment|yes"}"#)
        // The server process's own environment is untouched.
        #expect(ProcessInfo.processInfo.environment["FROM_DEPLOYMENT"] == nil)
        await fixture.stop()
    }

    @Test func uploadedSnapshotIsDeployedWithoutAPath() async throws {
        let fixture = try RuntimeFixture()
        let snapshot = try fixture.plane.snapshots.register(folder: RuntimeFixture.example("python-only"))
        _ = try await fixture.store.recordSnapshot(snapshot)
        fixture.start()
        try await fixture.createEndpoint("uploaded")
        let operation = try await fixture.createDeployment(
            Deployment(endpointName: "uploaded", name: "blue", snapshotID: snapshot.id))
        let deployment = try await fixture.settled("blue", endpoint: "uploaded")
        #expect(deployment.provisioningState == .succeeded, "\(deployment.failure?.description ?? "")")
        let stored = try await fixture.store.operation(id: operation.id)
        #expect(stored.stages.map(\.name) == Self.stages)
        #expect(stored.stages.first?.message == "snapshot \(snapshot.id)")
        #expect(fixture.liveDeployment("blue", endpoint: "uploaded")?.snapshotID == snapshot.id)
        await fixture.stop()
    }
}
