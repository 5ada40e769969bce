import FlowSpec
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Principals, keys, roles and assignments through the API, and the action check on every route:
/// 403 naming the action, endpoint-scoped roles, revoked keys refused at once, the admin key as Owner at `/`.
@Suite struct AccessAPITests {
    /// Creates a principal with a key and (when `role` is given) an assignment; returns the key.
    private func principal(
        _ name: String, role: String?, scope: String = "/", client: any TestClientProtocol
    ) async throws -> String {
        #expect(try await client.send(.post, "/principals", json: ["name": .string(name)]).status == .created)
        let created = try await client.send(.post, "/principals/\(name)/keys")
        #expect(created.status == .created)
        let key = try #require(created.json["key"].stringValue)
        if let role {
            let assigned = try await client.send(
                .post, "/role-assignments",
                json: ["role": .string(role), "principal": .string(name), "scope": .string(scope)])
            #expect(assigned.status == .created, "\(assigned.text)")
        }
        return key
    }

    @Test func readerIsRefusedAWriteWithTheActionNamed() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let key = try await principal("rita", role: "Reader", client: client)
            #expect(try await client.send(.get, "/endpoints", key: key).status == .ok)
            let refused = try await client.send(.post, "/endpoints", json: ["name": "ep-one"], key: key)
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "AuthorizationFailed")
            #expect(refused.json["error"]["message"] == "principal 'rita' lacks 'endpoints/write' on '/'")
            let keys = try await client.send(.post, "/endpoints/ep-one/get-credentials", key: key)
            #expect(keys.status == .forbidden)
            #expect(keys.json["error"]["message"].stringValue?.contains("endpoints/listkeys/action") == true)
            // A principal with no assignment at all reads nothing.
            let nobody = try await principal("nobody", role: nil, client: client)
            #expect(try await client.send(.get, "/endpoints", key: nobody).status == .forbidden)
            #expect(try await client.send(.get, "/openapi.json", key: nobody).status == .ok)
        }
    }

    @Test func endpointScopedContributorUpdatesOnlyThatEndpoint() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.send(.post, "/endpoints", json: ["name": "ep-one"]).status == .accepted)
            #expect(try await client.send(.post, "/endpoints", json: ["name": "ep-two"]).status == .accepted)
            let key = try await principal("carl", role: "Contributor", scope: "/endpoints/ep-one", client: client)
            let own = try await client.send(.patch, "/endpoints/ep-one", json: ["description": "mine"], key: key)
            #expect(own.status == .ok, "\(own.text)")
            let other = try await client.send(.patch, "/endpoints/ep-two", json: ["description": "not mine"], key: key)
            #expect(other.status == .forbidden)
            #expect(other.json["error"]["message"] == "principal 'carl' lacks 'endpoints/write' on '/endpoints/ep-two'")
            // A Contributor cannot grant roles, even at its own scope.
            let grant = try await client.send(
                .post, "/role-assignments", json: ["role": "Owner", "principal": "carl", "scope": "/"], key: key)
            #expect(grant.status == .forbidden)
            #expect(try await client.send(.get, "/endpoints/ep-two", key: key).status == .forbidden)
            // An Owner of one endpoint grants roles on that endpoint, and nowhere else.
            let owner = try await principal("olga", role: "Owner", scope: "/endpoints/ep-one", client: client)
            let onOwn = try await client.send(
                .post, "/role-assignments",
                json: ["role": "Reader", "principal": "carl", "scope": "/endpoints/ep-one"],
                key: owner)
            #expect(onOwn.status == .created, "\(onOwn.text)")
            let onOther = try await client.send(
                .post, "/role-assignments",
                json: ["role": "Reader", "principal": "carl", "scope": "/endpoints/ep-two"],
                key: owner)
            #expect(onOther.status == .forbidden)
            #expect(
                onOther.json["error"]["message"]
                    == "principal 'olga' lacks 'roleassignments/write' on '/endpoints/ep-two'")
            let onRoot = try await client.send(
                .post, "/role-assignments", json: ["role": "Reader", "principal": "carl", "scope": "/"], key: owner)
            #expect(onRoot.status == .forbidden)
            let granted = try #require(onOwn.json["id"].stringValue)
            #expect(try await client.send(.delete, "/role-assignments/\(granted)", key: owner).status == .noContent)
        }
    }

    @Test func anInvokerGetsATokenButNotKeys() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let token = try await client.send(.post, "/endpoints", json: ["name": "tok-ep", "auth_mode": "aml_token"])
            #expect(token.status == .accepted, "\(token.text)")
            #expect(try await client.send(.post, "/endpoints", json: ["name": "key-ep"]).status == .accepted)
            let key = try await principal("ivan", role: "Endpoint Invoker", client: client)
            let keys = try await client.send(.post, "/endpoints/key-ep/get-credentials", key: key)
            #expect(keys.status == .forbidden)
            #expect(keys.json["error"]["message"].stringValue?.contains("'endpoints/listkeys/action'") == true)
            let reader = try await principal("rhea", role: "Reader", client: client)
            let refused = try await client.send(.post, "/endpoints/tok-ep/get-credentials", key: reader)
            #expect(refused.status == .forbidden)
            #expect(
                refused.json["error"]["message"]
                    == "principal 'rhea' lacks 'endpoints/token/action' on '/endpoints/tok-ep'")
            let issued = try await client.send(.post, "/endpoints/tok-ep/get-credentials", key: key)
            #expect(issued.status != .forbidden, "\(issued.text)")
        }
    }

    @Test func aRevokedKeyIsRefusedAtOnce() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let key = try await principal("rev", role: "Reader", client: client)
            #expect(try await client.send(.get, "/endpoints", key: key).status == .ok)
            let keys = try await client.send(.get, "/principals/rev/keys")
            let listed = try #require(keys.json["value"].listValue?.first)
            #expect(listed["prefix"].stringValue == String(key.prefix(8)))
            #expect(listed["last_used_at"] != .null)
            #expect(!keys.text.contains(key), "the key is shown only when created")
            let id = try #require(listed["id"].stringValue)
            #expect(try await client.send(.delete, "/principals/rev/keys/\(id)").status == .noContent)
            let refused = try await client.send(.get, "/endpoints", key: key)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate] != nil)
        }
    }

    @Test func adminIsOwnerAtRootAndBuiltInsCannotBeRemoved() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let principals = try await client.send(.get, "/principals")
            #expect(principals.json["value"].listValue?.first?["name"] == "admin")
            let assignments = try await client.send(.get, "/role-assignments?principal=admin")
            #expect(assignments.json["value"].listValue?.first?["role"] == "Owner")
            #expect(assignments.json["value"].listValue?.first?["scope"] == "/")
            #expect(try await client.send(.delete, "/role-assignments/builtin-admin-owner").status == .conflict)
            #expect(try await client.send(.delete, "/principals/admin").status == .conflict)
            #expect(try await client.send(.delete, "/roles/Owner").status == .conflict)
            let roles = try await client.send(.get, "/roles")
            let names = roles.json["value"].listValue?.compactMap { $0["name"].stringValue } ?? []
            #expect(names.starts(with: ["Owner", "Contributor", "Reader", "Connection Secrets Reader"]))
        }
    }

    @Test func customRolesAndAssignmentsRoundTrip() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let bad = try await client.send(.post, "/roles", json: ["name": "Bad", "actions": ["end points"]])
            #expect(bad.status == .badRequest)
            let role = try await client.send(
                .post, "/roles", json: ["name": "Endpoint Lister", "actions": ["endpoints/read"]])
            #expect(role.status == .created, "\(role.text)")
            let key = try await principal("lisa", role: "Endpoint Lister", client: client)
            #expect(try await client.send(.get, "/endpoints", key: key).status == .ok)
            #expect(try await client.send(.get, "/connections", key: key).status == .forbidden)
            #expect(try await client.send(.delete, "/roles/Endpoint%20Lister").status == .conflict)
            let listed = try await client.send(.get, "/role-assignments?principal=lisa&scope=/")
            let id = try #require(listed.json["value"].listValue?.first?["id"].stringValue)
            #expect(try await client.send(.delete, "/role-assignments/\(id)").status == .noContent)
            #expect(try await client.send(.get, "/endpoints", key: key).status == .forbidden)
            #expect(try await client.send(.delete, "/roles/Endpoint%20Lister").status == .noContent)
            let badScope = try await client.send(
                .post, "/role-assignments", json: ["role": "Reader", "principal": "lisa", "scope": "/runs/x"])
            #expect(badScope.status == .badRequest)
            #expect(try await client.send(.delete, "/principals/lisa").status == .noContent)
            #expect(try await client.send(.get, "/endpoints", key: key).status == .unauthorized)
        }
    }

    @Test func theOpenAPIDocumentNamesEachRoutesAction() async throws {
        let fixture = try APIFixture()
        let document = try await fixture.test { client in try await client.send(.get, "/openapi.json").json }
        #expect(document["paths"]["/api/v1/endpoints"]["post"]["x-flowgate-action"] == "endpoints/write")
        #expect(
            document["paths"]["/api/v1/endpoints/{endpoint}/get-credentials"]["post"]["x-flowgate-action"]
                == "endpoints/listkeys/action")
        #expect(document["paths"]["/api/v1/role-assignments"]["post"]["x-flowgate-action"] == "roleassignments/write")
        for (path, item) in document["paths"].objectValue ?? [:] where path != "/api/v1/openapi.json" {
            for (method, operation) in item.objectValue ?? [:] {
                #expect(operation["x-flowgate-action"].stringValue != nil, "\(method) \(path)")
            }
        }
    }
}
