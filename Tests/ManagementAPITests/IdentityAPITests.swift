import FlowSpec
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Endpoint identities through the API: user-assigned ones created beforehand (and refused while used),
/// system-assigned ones created and deleted with their endpoint, and the enforce-access rule at creation.
@Suite struct IdentityAPITests {
    /// A principal holding only a custom role with `actions` at `/`; returns its key.
    private func principal(_ name: String, actions: [String], client: any TestClientProtocol) async throws -> String {
        let role = "\(name)-role"
        let roleCreated = try await client.send(
            .post, "/roles", json: ["name": .string(role), "actions": .list(actions.map { .string($0) })])
        #expect(roleCreated.status == .created, "\(roleCreated.text)")
        #expect(try await client.send(.post, "/principals", json: ["name": .string(name)]).status == .created)
        let assigned = try await client.send(
            .post, "/role-assignments", json: ["role": .string(role), "principal": .string(name), "scope": "/"])
        #expect(assigned.status == .created, "\(assigned.text)")
        let created = try await client.send(.post, "/principals/\(name)/keys")
        return try #require(created.json["key"].stringValue)
    }

    private func grants(_ fixture: APIFixture, _ identity: String) async throws -> [String] {
        try await fixture.controlPlane.store.roleAssignments(principal: identity, scope: nil).map {
            "\($0.role) \($0.scope)"
        }
    }

    @Test func userAssignedIdentitiesAreCreatedListedAndDeletedWhenUnused() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let created = try await client.send(.post, "/identities", json: ["name": "app-id"])
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["kind"] == "managed_identity")
            #expect(try await client.send(.post, "/identities", json: ["name": "app-id"]).status == .conflict)
            #expect(try await client.send(.post, "/identities", json: ["name": "bad name!"]).status == .badRequest)

            let missing = try await client.send(
                .post, "/endpoints",
                json: ["name": "ep-user", "identity": ["type": "user_assigned", "user_assigned_identities": ["nope"]]])
            #expect(missing.status == .badRequest, "\(missing.text)")
            #expect(missing.errorDetails["identity.user_assigned_identities"]?.contains("'nope'") == true)
            #expect(try await client.send(.get, "/endpoints/ep-user").status == .notFound)

            let used = try await client.send(
                .post, "/endpoints",
                json: [
                    "name": "ep-user", "identity": ["type": "user_assigned", "user_assigned_identities": ["app-id"]],
                ])
            #expect(used.status == .accepted, "\(used.text)")
            let listed = try await client.send(.get, "/identities")
            #expect(listed.json["value"].listValue?.compactMap { $0["name"].stringValue } == ["app-id"])
            #expect(try await client.send(.get, "/identities/app-id").status == .ok)

            let refused = try await client.send(.delete, "/identities/app-id")
            #expect(refused.status == .conflict)
            #expect(refused.json["error"]["message"].stringValue?.contains("ep-user") == true)
            _ = try await fixture.controlPlane.store.deleteEndpoint(named: "ep-user", operation: nil)
            #expect(try await client.send(.delete, "/identities/app-id").status == .noContent)
            #expect(try await client.send(.get, "/identities/app-id").status == .notFound)
        }
    }

    @Test func systemAssignedIdentityComesAndGoesWithItsEndpoint() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.send(.post, "/endpoints", json: ["name": "ep-sys"]).status == .accepted)
            let shown = try await client.send(.get, "/identities/endpoint:ep-sys")
            #expect(shown.status == .ok, "\(shown.text)")
            // Enforcement off (the default): granted regardless, as Azure does.
            #expect(try await grants(fixture, "endpoint:ep-sys") == ["Connection Secrets Reader /"])
            #expect(try await client.send(.delete, "/identities/endpoint:ep-sys").status == .conflict)
            #expect(try await client.send(.delete, "/endpoints/ep-sys").status == .accepted)
            #expect(try await client.send(.get, "/identities/endpoint:ep-sys").status == .notFound)
            #expect(try await grants(fixture, "endpoint:ep-sys").isEmpty)
        }
    }

    @Test func enforcementGrantsOnlyWhenTheCreatorHoldsListSecrets() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let enforced: FlowValue = [
                "name": "ep-admin", "properties": ["enforce_access_to_default_secret_stores": "enabled"],
            ]
            let byAdmin = try await client.send(.post, "/endpoints", json: enforced)
            #expect(byAdmin.status == .accepted, "\(byAdmin.text)")
            #expect(try await grants(fixture, "endpoint:ep-admin") == ["Connection Secrets Reader /"])

            let key = try await principal("wendy", actions: ["endpoints/write"], client: client)
            let byWendy = try await client.send(
                .post, "/endpoints",
                json: ["name": "ep-wendy", "properties": ["enforce_access_to_default_secret_stores": "enabled"]],
                key: key)
            #expect(byWendy.status == .forbidden, "\(byWendy.text)")
            #expect(byWendy.errorCode == "AuthorizationFailed")
            #expect(byWendy.json["error"]["message"].stringValue?.contains("connections/listsecrets/action") == true)
            #expect(try await client.send(.get, "/endpoints/ep-wendy").status == .notFound)
            #expect(try await client.send(.get, "/identities/endpoint:ep-wendy").status == .notFound)

            // Enforcement off: the same principal creates it and the identity is granted.
            let off = try await client.send(.post, "/endpoints", json: ["name": "ep-wendy"], key: key)
            #expect(off.status == .accepted, "\(off.text)")
            #expect(try await grants(fixture, "endpoint:ep-wendy") == ["Connection Secrets Reader /"])
        }
    }
}
