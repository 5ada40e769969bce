import Foundation
import Synchronization
import Testing

@testable import Platform

/// Updates replace a deployment's instances without a failed request; deletes drain and remove; snapshots keep a
/// running deployment on the files it was deployed from.
@Suite(.serialized) struct ReconcilerUpdateTests {
    @Test func updateKeepsServingEveryRequest() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let first = try await fixture.deployPythonOnly("blue", endpoint: "rolling")
        #expect(first.provisioningState == .succeeded, "\(first.failure?.description ?? "")")
        let old = try #require(fixture.liveDeployment("blue", endpoint: "rolling"))

        let statuses = Mutex<[Int]>([])
        let stop = Mutex(false)
        let scorer = Task {
            var index = 0
            while !stop.withLock({ $0 }) {
                // As the gateway does: read the live table per request, pick an instance.
                guard let live = fixture.liveDeployment("blue", endpoint: "rolling") else {
                    statuses.withLock { $0.append(404) }
                    continue
                }
                let instance = live.instances[index % live.instances.count]
                index += 1
                let (status, _) = (try? await RuntimeFixture.score(instance, #"{"text": "x y x"}"#)) ?? (-1, "")
                statuses.withLock { $0.append(status) }
            }
        }
        try await fixture.poll("requests before the update") { statuses.withLock { $0.count >= 5 } ? true : nil }
        let operation = try await fixture.updateDeployment("blue", endpoint: "rolling") {
            $0.instanceCount = 2
            $0.environmentVariables = ["GENERATION": "2"]
        }
        let updated = try await fixture.settled("blue", endpoint: "rolling")
        #expect(updated.provisioningState == .succeeded, "\(updated.failure?.description ?? "")")
        let new = try #require(fixture.liveDeployment("blue", endpoint: "rolling"))
        #expect(new !== old)
        #expect(new.instances.map(\.id) == ["blue-0", "blue-1"])
        let countAtSwitch = statuses.withLock { $0.count }
        try await fixture.poll("requests after the update") {
            statuses.withLock { $0.count >= countAtSwitch + 10 } ? true : nil
        }
        // The old generation is stopped once drained.
        let oldInstance = try #require(old.instances.first as? InProcessInstance)
        try await fixture.poll("the old instance to stop") { oldInstance.isStopped ? true : nil }
        stop.withLock { $0 = true }
        await scorer.value
        let all = statuses.withLock { $0 }
        #expect(all.allSatisfy { $0 == 200 }, "statuses other than 200: \(all.filter { $0 != 200 })")
        let stored = try await fixture.store.operation(id: operation.id)
        #expect(stored.status == .succeeded)
        #expect(stored.stages.map(\.name) == ReconcilerTests.stages)
        await fixture.stop()
    }

    @Test func deleteDeploymentThenEndpoint() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        _ = try await fixture.deployPythonOnly("blue", endpoint: "short-lived")
        let live = try #require(fixture.liveDeployment("blue", endpoint: "short-lived"))
        let instance = try #require(live.instances.first as? InProcessInstance)

        var deleting = try await fixture.store.deployment("blue", endpoint: "short-lived")
        deleting.provisioningState = .deleting
        let deleteDeployment = ProvisioningOperation(
            kind: .delete, target: .init(endpoint: "short-lived", deployment: "blue"))
        _ = try await fixture.store.updateDeployment(deleting, operation: deleteDeployment)
        fixture.reconciler.wake()
        try await fixture.poll("the deployment row to go") {
            (try await fixture.store.deployments(endpoint: "short-lived")).isEmpty ? true : nil
        }
        #expect(fixture.liveDeployment("blue", endpoint: "short-lived") == nil)
        #expect(instance.isStopped)
        #expect(try await fixture.store.operation(id: deleteDeployment.id).status == .succeeded)
        #expect(await fixture.reconciler.logs(endpoint: "short-lived", deployment: "blue", lines: 10) == nil)

        var endpoint = try await fixture.store.endpoint(named: "short-lived")
        endpoint.provisioningState = .deleting
        let deleteEndpoint = ProvisioningOperation(kind: .delete, target: .init(endpoint: "short-lived"))
        _ = try await fixture.store.updateEndpoint(endpoint, operation: deleteEndpoint)
        fixture.reconciler.wake()
        try await fixture.poll("the endpoint to go") {
            (try await fixture.store.endpoints()).isEmpty ? true : nil
        }
        #expect(fixture.plane.live.endpoint(named: "short-lived") == nil)
        #expect(try await fixture.store.operation(id: deleteEndpoint.id).status == .succeeded)
        await fixture.stop()
    }

    @Test func editingTheFolderLaterDoesNotChangeTheRunningDeployment() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let folder = try fixture.copyOfExample("python-only")
        try await fixture.createEndpoint("frozen")
        try await fixture.createDeployment(Deployment(endpointName: "frozen", name: "blue", flowPath: folder.path))
        let blue = try await fixture.settled("blue", endpoint: "frozen")
        #expect(blue.provisioningState == .succeeded, "\(blue.failure?.description ?? "")")
        try """
        from promptflow.core import tool


        @tool
        def format_report(stats: dict, top: list) -> str:
            return "EDITED"
        """.write(to: folder.appendingPathComponent("format_report.py"), atomically: true, encoding: .utf8)

        let live = try #require(fixture.liveDeployment("blue", endpoint: "frozen"))
        let (status, body) = try await RuntimeFixture.score(live.instances[0], #"{"text": "a b"}"#)
        #expect(status == 200)
        #expect(!body.contains("EDITED"))
        #expect(body.contains("words"))

        // A deployment made now takes the edited files, in a snapshot of their own.
        try await fixture.createDeployment(Deployment(endpointName: "frozen", name: "green", flowPath: folder.path))
        let green = try await fixture.settled("green", endpoint: "frozen")
        #expect(green.snapshotID != nil && green.snapshotID != blue.snapshotID)
        let edited = try #require(fixture.liveDeployment("green", endpoint: "frozen"))
        let (_, greenBody) = try await RuntimeFixture.score(edited.instances[0], #"{"text": "a b"}"#)
        #expect(greenBody.contains("EDITED"))
        // And the same files again share the first snapshot.
        try await fixture.createDeployment(
            Deployment(endpointName: "frozen", name: "white", flowPath: RuntimeFixture.example("python-only").path))
        let white = try await fixture.settled("white", endpoint: "frozen")
        #expect(white.snapshotID == blue.snapshotID)
        await fixture.stop()
    }

    @Test func failedUpdateLeavesTheOldGenerationServing() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        _ = try await fixture.deployPythonOnly("blue", endpoint: "steady")
        let old = try #require(fixture.liveDeployment("blue", endpoint: "steady"))
        let broken = try fixture.flowFolder("broken-update", ["flow.dag.yaml": "nodes: [oops\n"])
        let operation = try await fixture.updateDeployment("blue", endpoint: "steady") {
            $0.flowPath = broken.path
            $0.snapshotID = nil
        }
        let failed = try await fixture.settled("blue", endpoint: "steady")
        #expect(failed.provisioningState == .failed)
        #expect(failed.failure?.code == "BadArgument")
        #expect(try await fixture.store.operation(id: operation.id).status == .failed)
        let live = try #require(fixture.liveDeployment("blue", endpoint: "steady"))
        #expect(live === old)
        let (status, _) = try await RuntimeFixture.score(live.instances[0], #"{"text": "still here"}"#)
        #expect(status == 200)
        await fixture.stop()
    }

    @Test func deleteDuringCreationCancelsItAndRemovesTheDeployment() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        // The delete arrives while the instance starts (and cuts it short).
        let create = try await fixture.slowlyStartingDeployment(endpoint: "hasty")
        var deleting = try await fixture.store.deployment("blue", endpoint: "hasty")
        deleting.provisioningState = .deleting
        let delete = ProvisioningOperation(kind: .delete, target: .init(endpoint: "hasty", deployment: "blue"))
        _ = try await fixture.store.updateDeployment(deleting, operation: delete)
        fixture.reconciler.wake()
        try await fixture.poll("the deployment row to go") {
            (try await fixture.store.deployments(endpoint: "hasty")).isEmpty ? true : nil
        }
        #expect(try await fixture.store.operation(id: create.id).status == .canceled)
        #expect(try await fixture.store.operation(id: delete.id).status == .succeeded)
        #expect(fixture.liveDeployment("blue", endpoint: "hasty") == nil)
        #expect(fixture.reconciler.state.withLock { $0.running.isEmpty })
        await fixture.stop()
    }

    @Test func updateDuringCreationCancelsTheCreateAndDeploysTheUpdate() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let create = try await fixture.slowlyStartingDeployment(endpoint: "changing")
        // The API refuses a PATCH while Creating; a server-side writer (a run's redeploy, say) may not.
        let update = try await fixture.updateDeployment("blue", endpoint: "changing") {
            $0.flowPath = RuntimeFixture.example("python-only").path
            $0.snapshotID = nil
        }
        let deployment = try await fixture.settled("blue", endpoint: "changing")
        #expect(deployment.provisioningState == .succeeded, "\(deployment.failure?.description ?? "")")
        #expect(try await fixture.store.operation(id: create.id).status == .canceled)
        #expect(try await fixture.store.operation(id: update.id).status == .succeeded)
        let live = try #require(fixture.liveDeployment("blue", endpoint: "changing"))
        let (status, body) = try await RuntimeFixture.score(live.instances[0], #"{"text": "a b"}"#)
        #expect(status == 200)
        #expect(body.contains("report"))
        await fixture.stop()
    }
}
