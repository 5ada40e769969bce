import Foundation
import Testing

@testable import Platform

/// Action wildcards, scope coverage, the built-in roles and `AccessControl`'s key cache.
@Suite struct AccessRuleTests {
    @Test func wildcardsMatchAnyRunOfCharacters() {
        #expect(ActionPattern.matches("*", "endpoints/write"))
        #expect(ActionPattern.matches("*/read", "endpoints/read"))
        #expect(ActionPattern.matches("*/read", "deployments/logs/read"))
        #expect(!ActionPattern.matches("*/read", "endpoints/readers/write"))
        #expect(ActionPattern.matches("endpoints/*", "endpoints/listkeys/action"))
        #expect(!ActionPattern.matches("endpoints/*", "deployments/write"))
        #expect(ActionPattern.matches("endpoints/*/action", "endpoints/score/action"))
        #expect(ActionPattern.matches("Endpoints/Read", "endpoints/read"))
        #expect(!ActionPattern.matches("endpoints/read", "endpoints/read/more"))
        #expect(ActionPattern.problem(with: "endpoints/*") == nil)
        #expect(ActionPattern.problem(with: "endpoints read") != nil)
    }

    @Test func scopesCoverWhatIsUnderThem() {
        #expect(AccessScope.covers("/", "/endpoints/e1"))
        #expect(AccessScope.covers("/endpoints/e1", "/endpoints/e1"))
        #expect(AccessScope.covers("/endpoints/e1", "/endpoints/e1/deployments/blue"))
        #expect(!AccessScope.covers("/endpoints/e1", "/endpoints/e10"))
        #expect(!AccessScope.covers("/endpoints/e1", "/"))
        #expect(!AccessScope.covers("/connections/c", "/endpoints/c"))
        #expect(AccessScope.problem(with: "/endpoints/e1") == nil)
        #expect(AccessScope.problem(with: "/connections/c") == nil)
        #expect(AccessScope.problem(with: "/runs/r") != nil)
        #expect(AccessScope.problem(with: "/endpoints/") != nil)
        #expect(AccessScope.problem(with: "/endpoints/a/b") != nil)
    }

    @Test func builtInRolesGrantWhatDesignSays() throws {
        let owner = try #require(Role.builtIn(named: "Owner"))
        let contributor = try #require(Role.builtIn(named: "Contributor"))
        let reader = try #require(Role.builtIn(named: "reader"))
        let invoker = try #require(Role.builtIn(named: "Endpoint Invoker"))
        #expect(owner.grants("roleassignments/write"))
        #expect(contributor.grants("endpoints/write") && contributor.grants("deployments/delete"))
        #expect(!contributor.grants("roleassignments/write") && !contributor.grants("roleassignments/delete"))
        #expect(!contributor.grants("principals/keys/write"))
        #expect(reader.grants("endpoints/read") && !reader.grants("endpoints/write"))
        #expect(!reader.grants("endpoints/listkeys/action"))
        #expect(invoker.grants("endpoints/score/action") && invoker.grants("endpoints/token/action"))
        #expect(!invoker.grants("endpoints/read"))
        #expect(try #require(Role.builtIn(named: "Connection Secrets Reader")).grants("connections/listsecrets/action"))
        #expect(try #require(Role.builtIn(named: "Artifact Reader")).grants("snapshots/read"))
        #expect(try #require(Role.builtIn(named: "Metrics Writer")).grants("metrics/write"))
    }

    @Test func keysResolveUntilRevokedAndAssignmentsApplyAtTheirScope() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let access = AccessControl(store: store, adminKey: "bootstrap-admin-key")
        #expect(try await access.principal(forKey: "bootstrap-admin-key") == Principal.adminName)
        #expect(try await access.isAllowed(Principal.adminName, action: "roleassignments/write", scope: "/"))
        _ = try await store.createPrincipal(Principal(name: "bob", kind: .user))
        let created = try await access.createKey(principal: "bob")
        #expect(try await access.principal(forKey: created.secret) == "bob")
        #expect(try await access.principal(forKey: created.secret + "x") == nil)
        #expect(try await !access.isAllowed("bob", action: "endpoints/write", scope: "/endpoints/e1"))
        _ = try await store.createRoleAssignment(
            RoleAssignment(role: "Contributor", principal: "bob", scope: "/endpoints/e1"))
        #expect(try await access.isAllowed("bob", action: "endpoints/write", scope: "/endpoints/e1"))
        #expect(try await access.isAllowed("bob", action: "deployments/write", scope: "/endpoints/e1"))
        #expect(try await !access.isAllowed("bob", action: "endpoints/write", scope: "/endpoints/e2"))
        #expect(try await !access.isAllowed("bob", action: "endpoints/read", scope: "/"))
        _ = try await store.createCustomRole(Role(name: "Log Reader", actions: ["deployments/*/read"]))
        _ = try await store.createRoleAssignment(RoleAssignment(role: "Log Reader", principal: "bob", scope: "/"))
        #expect(try await access.isAllowed("bob", action: "deployments/logs/read", scope: "/endpoints/e2"))
        #expect(try await !access.isAllowed("bob", action: "deployments/read", scope: "/endpoints/e2"))
        #expect(try await store.principalKeys(principal: "bob").first?.lastUsedAt != nil)
        try await access.revokeKey(id: created.key.id, principal: "bob")
        #expect(try await access.principal(forKey: created.secret) == nil)
        withExtendedLifetime(fixture) {}
    }
}
