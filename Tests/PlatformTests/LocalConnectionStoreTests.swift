import Crypto
import FlowEngine
import Foundation
import GRDB
import Testing

@testable import Platform

@Suite struct LocalConnectionStoreTests {
    let secret = "sk-test-7f3a9c1e5b2d"

    func openai(_ name: String = "oai") -> Connection {
        Connection(
            name: name, type: "open_ai", configs: ["base_url": "http://127.0.0.1:8000/v1"], secrets: ["api_key": secret]
        )
    }

    @Test func roundTripCreateListShowUpdateDelete() async throws {
        let home = TemporaryHome()
        let store = try LocalConnectionStore(directory: home.directory, environment: [:])
        try await store.create(openai())
        try await store.create(
            Connection(name: "cc", type: "custom", configs: ["endpoint": "e"], secrets: ["token": "t-secret"]))

        let listed = try await store.list()
        #expect(listed.map(\.connection.name) == ["cc", "oai"])
        #expect(listed.allSatisfy { $0.connection.secrets.allSatisfy { $0.value == "******" } })

        let shown = try await store.show("oai")
        #expect(shown.connection.configs == ["base_url": "http://127.0.0.1:8000/v1"])
        #expect(shown.connection.secrets == ["api_key": "******"])

        let full = try #require(try await store.connection(named: "oai"))
        #expect(full.secrets["api_key"] == secret)
        #expect(try await store.connection(named: "cc")?.secrets["token"] == "t-secret")

        try await store.update("oai") { $0.configs["organization"] = "org-1" }
        let updated = try #require(try await store.connection(named: "oai"))
        #expect(updated.configs["organization"] == "org-1")
        #expect(updated.secrets["api_key"] == secret)

        // A masked secret (as `show` printed it) keeps the stored value; a new one replaces it.
        try await store.update("oai") { $0.secrets["api_key"] = "******" }
        #expect(try await store.connection(named: "oai")?.secrets["api_key"] == secret)
        try await store.update("oai") { $0.secrets["api_key"] = "sk-new" }
        #expect(try await store.connection(named: "oai")?.secrets["api_key"] == "sk-new")

        try await store.delete("oai")
        #expect(try await store.connection(named: "oai") == nil)
        #expect(try await store.list().map(\.connection.name) == ["cc"])
    }

    @Test func errorsNameTheConnection() async throws {
        let home = TemporaryHome()
        let store = try LocalConnectionStore(directory: home.directory, environment: [:])
        try await store.create(openai())
        await #expect(throws: ConnectionError.alreadyExists(name: "oai")) { try await store.create(openai()) }
        await #expect(throws: ConnectionError.notFound(name: "ghost")) { try await store.show("ghost") }
        await #expect(throws: ConnectionError.notFound(name: "ghost")) { try await store.delete("ghost") }
        await #expect(throws: ConnectionError.notFound(name: "ghost")) {
            try await store.update("ghost") { $0.configs["x"] = "y" }
        }
        await #expect(throws: ConnectionError.missingField("api_key", connection: "bad", type: "open_ai")) {
            try await store.create(Connection(name: "bad", type: "open_ai"))
        }
        // An update that breaks the connection is refused and leaves it unchanged.
        await #expect(throws: ConnectionError.self) { try await store.update("oai") { $0.secrets["api_key"] = nil } }
        #expect(try await store.connection(named: "oai")?.secrets["api_key"] == secret)
    }

    @Test func secretsAreEncryptedAtRestAndOpenOnlyWithTheRightKey() async throws {
        let home = TemporaryHome()
        let keyText = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let environment = [SecretBox.environmentVariable: keyText]
        let store = try LocalConnectionStore(directory: home.directory, environment: environment)
        try await store.create(openai())
        try await store.create(Connection(name: "cc", type: "custom", secrets: ["token": "tok-9b8e7d6c"]))

        let bytes = home.storeBytes()
        #expect(!bytes.isEmpty)
        #expect(!bytes.contains(secret))
        #expect(!bytes.contains("tok-9b8e7d6c"))
        #expect(bytes.contains("http://127.0.0.1:8000/v1"))  // configs stay in the clear

        // The stored ciphertext opens with the right key (name bound as authenticated data) and no other.
        let database = try DatabaseQueue(path: home.directory.file(LocalConnectionStore.databaseFileName).path)
        let sealed = try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT secrets FROM connection WHERE name = 'oai'")
        }
        let ciphertext = try #require(sealed)
        let right = SecretBox(key: SymmetricKey(data: Data((0..<32).map { UInt8($0) })), source: "right")
        #expect(String(decoding: try right.open(ciphertext, context: "oai"), as: UTF8.self).contains(secret))
        #expect(throws: PlatformError.self) { try right.open(ciphertext, context: "cc") }
        let wrong = SecretBox(key: SymmetricKey(size: .bits256), source: "wrong")
        #expect(throws: PlatformError.self) { try wrong.open(ciphertext, context: "oai") }
    }

    @Test func wrongMasterKeyIsAClearErrorNotGarbage() async throws {
        let home = TemporaryHome()
        let store = try LocalConnectionStore(directory: home.directory, environment: [:])
        try await store.create(openai())

        let wrongKey = Data(repeating: 9, count: 32).base64EncodedString()
        let reopened = try LocalConnectionStore(
            directory: home.directory, environment: [SecretBox.environmentVariable: wrongKey])
        #expect(try await reopened.list().map(\.connection.name) == ["oai"])  // listing needs no key
        let error = await #expect(throws: PlatformError.self) { try await reopened.connection(named: "oai") }
        #expect(error?.description.contains("cannot be decrypted with the master key from FLOWGATE_MASTER_KEY") == true)
        #expect(error?.description.contains(secret) == false)
        #expect(error?.description.contains(wrongKey) == false)
    }

    @Test func storeFilesAreOwnerOnlyAndMigrationsAreRecorded() async throws {
        let home = TemporaryHome()
        let store = try LocalConnectionStore(directory: home.directory, environment: [:])
        try await store.create(openai())
        #expect(try home.mode(home.directory.url) == 0o700)
        #expect(try home.mode(home.directory.file(LocalConnectionStore.databaseFileName)) == 0o600)
        #expect(try home.mode(home.directory.file(SecretBox.keyFileName)) == 0o600)
        let database = try DatabaseQueue(path: home.directory.file(LocalConnectionStore.databaseFileName).path)
        let applied = try await database.read { db in try LocalConnectionStore.migrator.appliedMigrations(db) }
        #expect(applied == ["0001-connection"])
        let journal = try await database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        // Opening again runs no migration twice and keeps the data.
        let again = try LocalConnectionStore(directory: home.directory, environment: [:])
        #expect(try await again.connection(named: "oai")?.secrets["api_key"] == secret)
    }

    @Test func storeResolvesThroughTheEngineResolver() async throws {
        let home = TemporaryHome()
        let store = try LocalConnectionStore(directory: home.directory, environment: [:])
        try await store.create(openai())
        let resolver = ConnectionResolver(providers: [store], environment: ["OAI_BASE_URL": "http://override"])
        let resolved = try await resolver.resolve("oai")
        #expect(resolved.secrets["api_key"] == secret)
        #expect(resolved.configs["base_url"] == "http://override")
    }
}
