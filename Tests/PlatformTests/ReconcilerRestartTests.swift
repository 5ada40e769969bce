import Foundation
import Testing

@testable import Platform

/// A restarted server finds the desired state in the store: operations left running are finished from the stage
/// they stood at, deployments that were ready get instances again, and nothing is started twice.
@Suite(.serialized) struct ReconcilerRestartTests {
    @Test func secondReconcilerFinishesTheWorkAndStartsEachInstanceOnce() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let blue = try await fixture.deployPythonOnly("blue", endpoint: "survivor")
        #expect(blue.provisioningState == .succeeded, "\(blue.failure?.description ?? "")")
        let snapshotID = try #require(blue.snapshotID)
        await fixture.stop()

        // What a server killed mid-deployment leaves: green registered, its environment stage running.
        let registeredAt = Date(timeIntervalSince1970: 1_800_000_000)
        var operation = ProvisioningOperation(
            kind: .create, target: .init(endpoint: "survivor", deployment: "green"), createdAt: registeredAt)
        operation.start(OperationStage.flowRegistered, at: registeredAt)
        operation.finish(OperationStage.flowRegistered, message: "snapshot \(snapshotID)", at: registeredAt)
        operation.start(OperationStage.environmentBuilt, at: registeredAt)
        _ = try await fixture.store.createDeployment(
            Deployment(
                endpointName: "survivor", name: "green", flowPath: RuntimeFixture.example("python-only").path,
                snapshotID: snapshotID, instanceCount: 2),
            operation: operation)
        // An older operation of green that never finished is superseded by the newer one.
        var stale = ProvisioningOperation(
            kind: .create, target: .init(endpoint: "survivor", deployment: "green"),
            createdAt: registeredAt.addingTimeInterval(-60))
        stale.start(OperationStage.flowRegistered, at: stale.createdAt)
        try await fixture.store.saveOperation(stale)

        let restarted = try fixture.reopened()
        let loop = Task { try? await restarted.reconciler.run() }
        let green = try await fixture.poll("green to settle") {
            let green = try await restarted.store.deployment("green", endpoint: "survivor")
            return green.provisioningState.isTerminal ? green : nil
        }
        #expect(green.provisioningState == .succeeded, "\(green.failure?.description ?? "")")
        try await fixture.poll("blue to be live again") {
            restarted.live.endpoint(named: "survivor")?.deployments["blue"]
        }
        let finished = try await restarted.store.operation(id: operation.id)
        #expect(finished.status == .succeeded)
        #expect(finished.stages.map(\.name) == ReconcilerTests.stages)
        // Registration was not redone: its stage is the one the first server recorded.
        #expect(finished.stages.first?.startedAt == registeredAt)
        #expect(try await restarted.store.operation(id: stale.id).status == .canceled)

        let live = try #require(restarted.live.endpoint(named: "survivor"))
        #expect(live.deployments["green"]?.instances.count == 2)
        #expect(live.deployments["blue"]?.instances.count == 1)
        let (status, _) = try await RuntimeFixture.score(
            try #require(live.deployments["blue"]?.instances.first), #"{"text": "again"}"#)
        #expect(status == 200)
        #expect(live.keys == (try await restarted.store.endpointKeys(named: "survivor")))

        // More passes change nothing: the three instances were started once each.
        for _ in 0..<3 { await restarted.reconciler.pass() }
        #expect(restarted.reconciler.instancesStarted == 3)
        #expect(restarted.live.endpoint(named: "survivor")?.deployments["blue"] === live.deployments["blue"])
        loop.cancel()
        await loop.value
        await restarted.reconciler.shutdown()
    }

    @Test func refreshEndpointLoadsKeysAndTrafficAndForgetsDeletedOnes() async throws {
        let fixture = try RuntimeFixture()
        try await fixture.createEndpoint("keyed")
        try await fixture.reconciler.refreshEndpoint("keyed")
        let first = try #require(fixture.plane.live.endpoint(named: "keyed"))
        #expect(first.authMode == .key)
        let keys = try await fixture.store.setEndpointKey(.primary, to: "fresh-primary-key-0123", endpoint: "keyed")
        try await fixture.reconciler.refreshEndpoint("keyed")
        #expect(fixture.plane.live.endpoint(named: "keyed")?.keys == keys)
        #expect(fixture.plane.live.endpoint(named: "keyed")?.keys?.accepts("fresh-primary-key-0123") == true)
        #expect(first.keys?.primary != keys.primary)
        try await fixture.store.deleteEndpoint(named: "keyed", operation: nil)
        try await fixture.reconciler.refreshEndpoint("keyed")
        #expect(fixture.plane.live.endpoint(named: "keyed") == nil)
    }
}
