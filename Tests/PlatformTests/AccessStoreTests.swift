import Foundation
import Testing

@testable import Platform

/// Principals, keys, custom roles and assignments survive a round trip through SQLite (migration 3), keep only
/// key digests, and cascade or refuse as the store promises.
@Suite struct AccessStoreTests {
    @Test func migrationThreeIsApplied() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        #expect(try await store.appliedMigrations().contains(3))
        withExtendedLifetime(fixture) {}
    }

    @Test func principalsKeysRolesAndAssignmentsRoundTrip() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let alice = try await store.createPrincipal(Principal(name: "alice", kind: .user))
        _ = try await store.createPrincipal(Principal(name: "ci-bot", kind: .servicePrincipal))
        #expect(try await store.principal(named: "alice") == alice)
        #expect(try await store.principals().map(\.name) == ["alice", "ci-bot"])
        await #expect(throws: AccessError.self) {
            try await store.createPrincipal(Principal(name: "alice", kind: .user))
        }

        let generated = PrincipalKey.generate(principal: "alice")
        let key = try await store.createPrincipalKey(generated.key)
        #expect(key.prefix == String(generated.secret.prefix(PrincipalKey.prefixLength)))
        #expect(key.digest == PrincipalKey.digest(of: generated.secret))
        #expect(!fixture.storeBytes().contains(Data(generated.secret.utf8)), "the key itself is never stored")
        let touched = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.touchPrincipalKey(id: key.id, at: touched)
        let listed = try await store.principalKeys(principal: "alice")
        #expect(listed.map(\.id) == [key.id])
        #expect(listed.first?.lastUsedAt == touched)
        #expect(try await store.principalKeys(principal: "ci-bot").isEmpty)

        let custom = try await store.createCustomRole(
            Role(name: "Deployer", description: "deploys", actions: ["deployments/*", "endpoints/read"]))
        #expect(try await store.customRoles() == [custom])
        await #expect(throws: AccessError.self) {
            try await store.createCustomRole(Role(name: "Owner", actions: ["*"]))
        }

        let assignment = try await store.createRoleAssignment(
            RoleAssignment(role: "Deployer", principal: "alice", scope: "/endpoints/e1"))
        _ = try await store.createRoleAssignment(RoleAssignment(role: "Reader", principal: "ci-bot", scope: "/"))
        #expect(try await store.roleAssignments(principal: "alice", scope: nil) == [assignment])
        #expect(try await store.roleAssignments(principal: nil, scope: "/").map(\.principal) == ["ci-bot"])
        await #expect(throws: AccessError.self) {
            try await store.createRoleAssignment(
                RoleAssignment(role: "Deployer", principal: "alice", scope: "/endpoints/e1"))
        }
        await #expect(throws: AccessError.self) {
            try await store.createRoleAssignment(RoleAssignment(role: "Nope", principal: "alice", scope: "/"))
        }
        await #expect(throws: AccessError.self) { try await store.deleteCustomRole(named: "Deployer") }

        // Reopening reads the same rows.
        let reopened = try fixture.open()
        #expect(try await reopened.roleAssignments(principal: "alice", scope: nil) == [assignment])
        #expect(try await reopened.principalKeys(principal: nil).map(\.digest) == [key.digest])

        try await reopened.deletePrincipal(named: "alice")
        #expect(try await reopened.principalKeys(principal: nil).isEmpty)
        #expect(try await reopened.roleAssignments(principal: "alice", scope: nil).isEmpty)
        try await reopened.deleteCustomRole(named: "Deployer")
        #expect(try await reopened.customRoles().isEmpty)
        await #expect(throws: AccessError.self) { try await reopened.principal(named: "alice") }
    }
}
