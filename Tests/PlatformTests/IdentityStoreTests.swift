import Foundation
import GRDB
import Testing

@testable import Platform

/// Migration 4 widens the principal kinds to `managed_identity` by rebuilding the table: a database at migration 3
/// keeps its principals, keys and assignments, and the keys' and assignments' cascades still hold afterwards.
@Suite struct IdentityStoreTests {
    @Test func aDatabaseAtMigrationThreeKeepsItsPrincipalsThroughMigrationFour() async throws {
        let fixture = StoreFixture()
        do {
            let old = try fixture.home.directory.openDatabase(SQLiteStore.databaseFileName)
            try SQLiteStore.migrate(old, migrations: StoreMigration.all.filter { $0.number <= 3 })
            try await old.write { db in
                try db.execute(
                    sql: "INSERT INTO principal (name, kind, created_at) VALUES "
                        + "('alice', 'user', '2026-01-01T00:00:00.000Z'), "
                        + "('ci-bot', 'service_principal', '2026-01-02T00:00:00.000Z')")
                try db.execute(
                    sql: "INSERT INTO principal_key (id, principal_name, prefix, digest, created_at) VALUES "
                        + "('k1', 'alice', 'fgk_abcd', ?, '2026-01-01T00:00:00.000Z')",
                    arguments: [String(repeating: "a", count: 64)])
                try db.execute(
                    sql: "INSERT INTO role_assignment (id, role_name, principal_name, scope, created_at) VALUES "
                        + "('a1', 'Reader', 'ci-bot', '/', '2026-01-02T00:00:00.000Z')")
                #expect(throws: DatabaseError.self) {
                    try db.execute(
                        sql: "INSERT INTO principal (name, kind, created_at) VALUES ('x', 'managed_identity', 'now')")
                }
            }
            try old.close()
        }
        let store = try fixture.open()
        #expect(try await store.appliedMigrations().contains(4))
        #expect(try await store.principals().map(\.name) == ["alice", "ci-bot"])
        #expect(try await store.principal(named: "ci-bot").kind == .servicePrincipal)
        #expect(try await store.principalKeys(principal: "alice").map(\.id) == ["k1"])
        #expect(try await store.roleAssignments(principal: "ci-bot", scope: nil).map(\.role) == ["Reader"])

        let identity = try await Identities.create(named: "app-id", in: store)
        #expect(identity.kind == .managedIdentity)
        #expect(try await Identities.all(in: store).map(\.name) == ["app-id"])
        _ = try await store.createRoleAssignment(
            RoleAssignment(role: Identities.secretsReaderRole, principal: "app-id", scope: "/connections/llm"))
        // The rebuilt tables keep their foreign keys: deleting a principal still takes its keys and assignments.
        try await store.deletePrincipal(named: "alice")
        #expect(try await store.principalKeys(principal: nil).isEmpty)
        try await Identities.delete(named: "app-id", in: store)
        #expect(try await store.roleAssignments(principal: "app-id", scope: nil).isEmpty)
        let violations = try store.database.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(violations.isEmpty)
        await #expect(throws: AccessError.self) { try await Identities.identity(named: "ci-bot", in: store) }
    }
}
