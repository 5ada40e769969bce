import Foundation
import Testing

@testable import Platform

/// `latestOperationID`: the newest operation on the endpoint itself or on one deployment, read by one query.
@Suite struct LatestOperationTests {
    @Test func newestOperationOfTheEndpointAndOfEachDeployment() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let created = ProvisioningOperation(kind: .create, target: .init(endpoint: "chat"), createdAt: start)
        _ = try await store.createEndpoint(Endpoint(name: "chat"), keys: .generate(), operation: created)
        #expect(try await store.latestOperationID(endpoint: "chat", deployment: nil) == created.id)
        #expect(try await store.latestOperationID(endpoint: "chat", deployment: "blue") == nil)

        let blue = ProvisioningOperation(
            kind: .create, target: .init(endpoint: "chat", deployment: "blue"), createdAt: start.addingTimeInterval(1))
        _ = try await store.createDeployment(
            Deployment(endpointName: "chat", name: "blue", flowPath: "/f"), operation: blue)
        let update = ProvisioningOperation(
            kind: .update, target: .init(endpoint: "chat"), createdAt: start.addingTimeInterval(2))
        try await store.saveOperation(update)
        #expect(try await store.latestOperationID(endpoint: "chat", deployment: "blue") == blue.id)
        #expect(try await store.latestOperationID(endpoint: "chat", deployment: nil) == update.id)
        #expect(try await store.latestOperationID(endpoint: "other", deployment: nil) == nil)
    }
}
