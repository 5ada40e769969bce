import Foundation
import Testing

@testable import Platform

/// `instance_runtime`: read from a deployment definition, kept by the store (migration 5), in process by default.
@Suite struct ProcessInstanceSettingTests {
    @Test func storeKeepsTheInstanceRuntime() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        _ = try await store.createEndpoint(Endpoint(name: "chat"), keys: .generate(), operation: nil)
        var blue = Deployment(endpointName: "chat", name: "blue", flowPath: "/f")
        blue.instanceRuntime = .process
        _ = try await store.createDeployment(blue, operation: nil)
        _ = try await store.createDeployment(
            Deployment(endpointName: "chat", name: "green", flowPath: "/g"), operation: nil)
        #expect(try await store.deployment("blue", endpoint: "chat").instanceRuntime == .process)
        #expect(try await store.deployment("green", endpoint: "chat").instanceRuntime == .inProcess)
        #expect(try await store.appliedMigrations().contains(5))

        var updated = try await store.deployment("blue", endpoint: "chat")
        updated.instanceRuntime = .inProcess
        _ = try await store.updateDeployment(updated, operation: nil)
        #expect(try await store.deployment("blue", endpoint: "chat").instanceRuntime == .inProcess)
    }

    @Test func definitionReadsTheInstanceRuntime() throws {
        let yaml = "name: blue\nendpoint_name: chat\nmodel: /flow\ninstance_runtime: process\n"
        #expect(try DeploymentDefinition.parse(yaml: yaml).deployment.instanceRuntime == .process)
        let plain = "name: blue\nendpoint_name: chat\nmodel: /flow\n"
        #expect(try DeploymentDefinition.parse(yaml: plain).deployment.instanceRuntime == .inProcess)
        #expect(throws: DefinitionError.self) {
            try DeploymentDefinition.parse(yaml: plain + "instance_runtime: docker\n")
        }
    }
}
