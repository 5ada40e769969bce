import Foundation
import Testing

@testable import Platform

/// The check-access stage's resource-metrics decision for a user-assigned identity: off with a message naming the
/// identity and the role, on after Metrics Writer at `/` (a covering scope) and an update; the reconciler's metrics
/// text follows the published generation's decision.
@Suite struct ResourceMetricsGateTests {
    private func checkAccessMessage(_ fixture: RuntimeFixture, _ operation: ProvisioningOperation) async throws
        -> String
    {
        let stored = try await fixture.store.operation(id: operation.id)
        return stored.stages.first { $0.name == OperationStage.checkAccess }?.message ?? ""
    }

    @Test func aUserAssignedIdentityGrantedAtTheRootTurnsThemOn() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        _ = try await fixture.store.createPrincipal(Principal(name: "ops-id", kind: .managedIdentity))
        var endpoint = Endpoint(name: "ops")
        endpoint.identity = EndpointIdentity(kind: .userAssigned, userAssignedIdentities: [.init(resourceID: "ops-id")])
        _ = try await fixture.store.createEndpoint(
            endpoint, keys: .generate(), operation: ProvisioningOperation(kind: .create, target: .init(endpoint: "ops"))
        )
        fixture.reconciler.wake()
        let created = try await fixture.createDeployment(
            Deployment(endpointName: "ops", name: "blue", flowPath: RuntimeFixture.example("python-only").path))
        #expect(try await fixture.settled("blue", endpoint: "ops").provisioningState == .succeeded)
        let off = try await checkAccessMessage(fixture, created)
        #expect(
            off == "no connections; resource metrics off: identity 'ops-id' lacks metrics/write; grant Metrics Writer "
                + "at /endpoints/ops (or /) and update the deployment", "\(off)")
        #expect(!fixture.reconciler.metricsText().contains("flowgate_instance_"))

        _ = try await fixture.store.createRoleAssignment(
            RoleAssignment(role: "Metrics Writer", principal: "ops-id", scope: AccessScope.root))
        let updated = try await fixture.updateDeployment("blue", endpoint: "ops") { $0.tags["metrics"] = "on" }
        #expect(try await fixture.settled("blue", endpoint: "ops").provisioningState == .succeeded)
        #expect(try await checkAccessMessage(fixture, updated) == "no connections; resource metrics on")
        let text = fixture.reconciler.metricsText()
        #expect(text.contains(#"flowgate_instance_memory_bytes{endpoint="ops",deployment="blue",instance="blue-0"} "#))
        #expect(
            text.contains(#"flowgate_instance_cpu_seconds_total{endpoint="ops",deployment="blue",instance="blue-0"} "#))
        await fixture.stop()
    }
}
