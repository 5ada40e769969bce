import Foundation
import GRDB
import Testing

@testable import Platform

@Suite struct SQLiteStoreTests {
    @Test func endpointRoundTripWithKeysAndOperation() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let keys = EndpointKeys.generate()
        let operation = ProvisioningOperation(kind: .create, target: .init(endpoint: "chat"))
        let endpoint = Endpoint(
            name: "chat", description: "d", tags: ["team": "x"], authMode: .amlToken,
            identity: EndpointIdentity(kind: .userAssigned, userAssignedIdentities: [.init(clientID: "c1")]),
            enforceAccessToDefaultSecretStores: true)
        let created = try await store.createEndpoint(endpoint, keys: keys, operation: operation)
        #expect(created.version == 1)
        let read = try await store.endpoint(named: "chat")
        #expect(read == created)
        #expect(read.identity.userAssignedIdentities == [.init(clientID: "c1")])
        #expect(read.authMode == .amlToken && read.enforceAccessToDefaultSecretStores)
        #expect(try await store.endpointKeys(named: "chat") == keys)
        #expect(try await store.operation(id: operation.id).target == .init(endpoint: "chat"))
        #expect(try await store.endpoints().map(\.name) == ["chat"])
        await #expect(throws: StoreError.alreadyExists(.endpoint, "chat")) {
            try await store.createEndpoint(endpoint, keys: keys, operation: nil)
        }
        await #expect(throws: StoreError.notFound(.endpoint, "ghost")) { try await store.endpoint(named: "ghost") }
        await #expect(throws: StoreError.notFound(.endpoint, "ghost")) {
            try await store.updateEndpoint(Endpoint(name: "ghost", traffic: ["blue": 100]), operation: nil)
        }
    }

    @Test func deploymentsTrafficAndVersions() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        _ = try await store.recordSnapshot(FlowSnapshot(id: StoreFixture.snapshotID, fileCount: 2, byteCount: 10))
        var endpoint = try await store.createEndpoint(Endpoint(name: "chat"), keys: .generate(), operation: nil)
        let blue = Deployment(
            endpointName: "chat", name: "blue", flowPath: "/f", snapshotID: StoreFixture.snapshotID, instanceCount: 2,
            environmentVariables: ["A": "1"], requestSettings: RequestSettings(requestTimeoutMS: 60_000),
            readinessProbe: ProbeSettings(period: 3), outputs: ["answer"], connectionOverrides: ["llm": "oai"],
            tags: ["t": "v"])
        let storedBlue = try await store.createDeployment(blue, operation: nil)
        #expect(try await store.deployment("blue", endpoint: "chat") == storedBlue)
        _ = try await store.createDeployment(
            Deployment(endpointName: "chat", name: "green", flowPath: "/g"), operation: nil)

        endpoint.traffic = ["blue": 90, "green": 10]
        endpoint = try await store.updateEndpoint(endpoint, operation: nil)
        #expect(endpoint.version == 2)
        #expect(try await store.endpoint(named: "chat").traffic == ["blue": 90, "green": 10])

        // A writer holding version 1 lost the race.
        var stale = endpoint
        stale.version = 1
        await #expect(throws: StoreError.versionConflict(.endpoint, "chat", expected: 1)) {
            try await store.updateEndpoint(stale, operation: nil)
        }
        // Traffic naming a missing deployment is refused with the field.
        var wrong = endpoint
        wrong.traffic = ["blue": 50, "red": 50]
        let error = await #expect(throws: ResourceValidationError.self) {
            try await store.updateEndpoint(wrong, operation: nil)
        }
        #expect(error?.issues.map(\.field) == ["traffic.red"])

        // Live traffic blocks deleting a deployment; at 0 it goes, and its traffic entry with it.
        let refused = await #expect(throws: ResourceValidationError.self) {
            try await store.deleteDeployment("green", endpoint: "chat", operation: nil)
        }
        #expect(refused?.description.contains("set it to 0 before deleting") == true)
        endpoint.traffic = ["blue": 100, "green": 0]
        endpoint = try await store.updateEndpoint(endpoint, operation: nil)
        try await store.deleteDeployment("green", endpoint: "chat", operation: nil)
        #expect(try await store.endpoint(named: "chat").traffic == ["blue": 100])
        #expect(try await store.deployments(endpoint: "chat").map(\.name) == ["blue"])

        var changed = storedBlue
        changed.provisioningState = .succeeded
        changed.instanceCount = 3
        let updated = try await store.updateDeployment(changed, operation: nil)
        #expect(updated.version == 2 && updated.instanceCount == 3 && updated.provisioningState == .succeeded)
        #expect(updated.createdAt == storedBlue.createdAt)
        await #expect(throws: StoreError.versionConflict(.deployment, "chat/blue", expected: 1)) {
            try await store.updateDeployment(changed, operation: nil)
        }
        // Deleting the endpoint takes its deployments, traffic and keys.
        try await store.deleteEndpoint(named: "chat", operation: nil)
        #expect(try await store.deployments(endpoint: nil).isEmpty)
        await #expect(throws: StoreError.notFound(.keys, "chat")) { try await store.endpointKeys(named: "chat") }
    }

    @Test func atMostTwentyDeploymentsAndAMissingSnapshotIsRefused() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        _ = try await store.createEndpoint(Endpoint(name: "many"), keys: .generate(), operation: nil)
        for index in 0..<Deployment.maxPerEndpoint {
            _ = try await store.createDeployment(
                Deployment(endpointName: "many", name: "d\(index)x", flowPath: "/f"), operation: nil)
        }
        let error = await #expect(throws: ResourceValidationError.self) {
            try await store.createDeployment(
                Deployment(endpointName: "many", name: "one-more", flowPath: "/f"), operation: nil)
        }
        #expect(error?.description.contains("at most 20") == true)
        await #expect(throws: StoreError.notFound(.endpoint, "nope")) {
            try await store.createDeployment(
                Deployment(endpointName: "nope", name: "blue", flowPath: "/f"), operation: nil)
        }
        _ = try await store.createEndpoint(Endpoint(name: "other"), keys: .generate(), operation: nil)
        await #expect(throws: StoreError.notFound(.snapshot, StoreFixture.snapshotID)) {
            try await store.createDeployment(
                Deployment(endpointName: "other", name: "blue", snapshotID: StoreFixture.snapshotID), operation: nil)
        }
    }

    @Test func keysAreSealedAtRestAndRegenerated() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let keys = EndpointKeys.generate()
        _ = try await store.createEndpoint(Endpoint(name: "secret-ep"), keys: keys, operation: nil)
        let given = "given-key-0123456789abcdef"
        let after = try await store.setEndpointKey(.secondary, to: given, endpoint: "secret-ep")
        #expect(after == EndpointKeys(primary: keys.primary, secondary: given))
        #expect(!after.accepts(keys.secondary))
        let bytes = fixture.storeBytes()
        #expect(bytes.count > 0)
        #expect(bytes.contains("secret-ep"))
        #expect(!bytes.contains(keys.primary))
        #expect(!bytes.contains(keys.secondary))
        #expect(!bytes.contains(given))
        await #expect(throws: ResourceValidationError.self) {
            try await store.setEndpointKey(.primary, to: "short", endpoint: "secret-ep")
        }
        // Another master key cannot open them.
        let other = try SQLiteStore(directory: fixture.home.directory, secretBox: StoreFixture().box)
        await #expect(throws: PlatformError.self) { try await other.endpointKeys(named: "secret-ep") }
    }

    @Test func aFailingPartRollsBackTheWholeWrite() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        // A trigger makes the last statement of each write fail, as a full disk or a constraint would.
        try await store.database.write { db in
            try db.execute(
                sql:
                    "CREATE TRIGGER fail_operation BEFORE INSERT ON operation BEGIN SELECT RAISE(ABORT, 'injected'); END"
            )
        }
        let operation = ProvisioningOperation(kind: .create, target: .init(endpoint: "half"))
        await #expect(throws: PlatformError.self) {
            try await store.createEndpoint(Endpoint(name: "half"), keys: .generate(), operation: operation)
        }
        await #expect(throws: StoreError.notFound(.endpoint, "half")) { try await store.endpoint(named: "half") }
        await #expect(throws: StoreError.notFound(.keys, "half")) { try await store.endpointKeys(named: "half") }

        // Setting traffic across deployments is all or nothing too.
        var endpoint = try await store.createEndpoint(Endpoint(name: "split"), keys: .generate(), operation: nil)
        for name in ["blue", "green"] {
            _ = try await store.createDeployment(
                Deployment(endpointName: "split", name: name, flowPath: "/f"), operation: nil)
        }
        endpoint.traffic = ["blue": 100]
        endpoint = try await store.updateEndpoint(endpoint, operation: nil)
        try await store.database.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER fail_green BEFORE INSERT ON endpoint_traffic WHEN NEW.deployment_name = 'green'
                    BEGIN SELECT RAISE(ABORT, 'injected'); END
                    """)
        }
        var split = endpoint
        split.traffic = ["blue": 50, "green": 50]
        split.description = "half and half"
        await #expect(throws: PlatformError.self) { try await store.updateEndpoint(split, operation: nil) }
        let after = try await store.endpoint(named: "split")
        #expect(after.traffic == ["blue": 100])
        #expect(after.description == nil)
        #expect(after.version == endpoint.version)
    }

    @Test func migrationsRunOnceAndReopenIsIdempotent() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        _ = try await store.createEndpoint(Endpoint(name: "kept"), keys: .generate(), operation: nil)
        let numbers = StoreMigration.all.map(\.number)
        #expect(try await store.appliedMigrations() == numbers)
        let reopened = try fixture.open()
        #expect(try await reopened.appliedMigrations() == numbers)
        #expect(try await reopened.endpoint(named: "kept").name == "kept")
        #expect(StoreMigration.all.map(\.number) == Array(1...StoreMigration.all.count))
        #expect(try fixture.home.mode(fixture.home.directory.file(SQLiteStore.databaseFileName)) == 0o600)
        // A database from a newer Flowgate is refused rather than misread.
        try await store.database.write { db in
            try db.execute(sql: "INSERT INTO schema_migration (number, name, applied_at) VALUES (999, 'future', 'x')")
        }
        #expect(throws: PlatformError.self) { try fixture.open() }
    }

    @Test func operationsAndSnapshots() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        var first = ProvisioningOperation(
            kind: .create, target: .init(endpoint: "ep-a"), createdAt: Date(timeIntervalSince1970: 1_000))
        first.finish(OperationStage.endpointCreated, at: Date(timeIntervalSince1970: 1_001))
        let second = ProvisioningOperation(
            kind: .update, target: .init(endpoint: "ep-b", deployment: "blue"),
            createdAt: Date(timeIntervalSince1970: 2_000))
        try await store.saveOperation(first)
        try await store.saveOperation(second)
        first.status = .failed
        first.error = ProvisioningFailure(
            code: ProvisioningFailure.environmentBuildFailure, message: "pip: no such package")
        first.finish(OperationStage.environmentBuilt, .failed, message: "pip", at: Date(timeIntervalSince1970: 1_002))
        try await store.saveOperation(first)
        let read = try await store.operation(id: first.id)
        #expect(read.status == .failed && read.error == first.error)
        #expect(read.stages == first.stages)
        #expect(try await store.operations(endpoint: nil, limit: 10).map(\.id) == [second.id, first.id])
        #expect(try await store.operations(endpoint: "ep-a", limit: 10).map(\.id) == [first.id])
        #expect(try await store.operations(endpoint: nil, limit: 1).map(\.id) == [second.id])

        let snapshot = FlowSnapshot(id: StoreFixture.snapshotID, fileCount: 3, byteCount: 42)
        let recorded = try await store.recordSnapshot(snapshot)
        let again = try await store.recordSnapshot(
            FlowSnapshot(id: StoreFixture.snapshotID, fileCount: 3, byteCount: 42))
        #expect(recorded == again)
        #expect(try await store.snapshot(id: StoreFixture.snapshotID) == recorded)
    }
}
