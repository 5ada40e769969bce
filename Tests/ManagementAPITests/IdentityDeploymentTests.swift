import FlowSpec
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// The "check access" stage: a deployment whose endpoint identity cannot read a connection the flow uses fails
/// before any instance starts, naming the connection and the action; a grant plus an update recovers it.
@Suite struct IdentityDeploymentTests {
    /// Runs `body` with the reconciler running, a client, and a copy of chat-basic (it uses `open_ai_connection`),
    /// after creating `open_ai_connection` from `connection`.
    private func withChatFlow(
        connection: FlowValue, _ body: @Sendable (APIFixture, any TestClientProtocol, URL) async throws -> Void
    ) async throws {
        let fixture = try APIFixture()
        let flow = try fixture.chatBasicWithNothingToInstall()
        try await fixture.withReconciler {
            try await fixture.test { client in
                let created = try await client.send(.post, "/connections", json: connection)
                #expect(created.status == .created, "\(created.text)")
                try await body(fixture, client, flow)
            }
        }
    }

    @Test func aUserAssignedIdentityWithoutTheRoleFailsUntilGrantedAndUpdated() async throws {
        try await withChatFlow(
            connection: [
                "name": "open_ai_connection", "type": "open_ai", "api_key": "sk-identity-test",
                "base_url": "http://127.0.0.1:9/v1",
            ]
        ) { fixture, client, flow in
            #expect(try await client.send(.post, "/identities", json: ["name": "chat-id"]).status == .created)
            let endpoint = try await client.send(
                .post, "/endpoints",
                json: [
                    "name": "chat", "identity": ["type": "user_assigned", "user_assigned_identities": ["chat-id"]],
                ])
            #expect(endpoint.status == .accepted, "\(endpoint.text)")
            let failed = try await client.deployBlue(flow, on: "chat", within: .seconds(120))
            #expect(failed["provisioning_state"] == "Failed", "\(failed)")
            #expect(failed["failure"]["code"] == "MissingRole", "\(failed)")
            let message = failed["failure"]["message"].stringValue ?? ""
            #expect(message.contains("'open_ai_connection'"), "\(message)")
            #expect(message.contains("connections/listsecrets/action"), "\(message)")
            #expect(!failed.description.contains("sk-identity-test"))
            let operation = try await client.send(
                .get, "/operations/\(failed["latest_operation_id"].stringValue ?? "")")
            let stages = operation.json["stages"].listValue ?? []
            #expect(
                stages.last?["name"] == .string(OperationStage.checkAccess) && stages.last?["status"] == "Failed",
                "\(operation.text)")
            #expect(fixture.controlPlane.live.endpoint(named: "chat")?.deployments["blue"] == nil)

            try await grantSecretsAndUpdate(client, principal: "chat-id", endpoint: "chat")
            #expect(fixture.controlPlane.live.endpoint(named: "chat")?.deployments["blue"] != nil)
        }
    }

    @Test func aSystemAssignedIdentityIsCheckedTooAndAGrantAtTheConnectionRecoversIt() async throws {
        try await withChatFlow(
            connection: ["name": "open_ai_connection", "type": "open_ai", "api_key": "sk-identity-test"]
        ) { fixture, client, flow in
            let endpoint = try await client.send(
                .post, "/endpoints",
                json: ["name": "sys", "properties": ["enforce_access_to_default_secret_stores": "enabled"]])
            #expect(endpoint.status == .accepted, "\(endpoint.text)")
            // The admin holds the action, so the identity was granted at /; take that grant away.
            let grants = try await fixture.controlPlane.store.roleAssignments(principal: "endpoint:sys", scope: nil)
            #expect(grants.map(\.scope) == ["/"])
            for grant in grants {
                #expect(try await client.send(.delete, "/role-assignments/\(grant.id)").status == .noContent)
            }
            let failed = try await client.deployBlue(flow, on: "sys", within: .seconds(120))
            #expect(failed["failure"]["code"] == "MissingRole", "\(failed)")
            let message = failed["failure"]["message"].stringValue ?? ""
            #expect(message.contains("endpoint:sys") && message.contains("open_ai_connection"), "\(message)")

            try await grantSecretsAndUpdate(client, principal: "endpoint:sys", endpoint: "sys")
        }
    }

    /// Grants `principal` Connection Secrets Reader on open_ai_connection, updates the endpoint's `blue` and
    /// expects it to reach Succeeded: a grant counts for the next update at once.
    private func grantSecretsAndUpdate(
        _ client: any TestClientProtocol, principal: String, endpoint: String
    ) async throws {
        let grant = try await client.send(
            .post, "/role-assignments",
            json: [
                "role": "Connection Secrets Reader", "principal": .string(principal),
                "scope": "/connections/open_ai_connection",
            ])
        #expect(grant.status == .created, "\(grant.text)")
        let updated = try await client.send(
            .patch, "/endpoints/\(endpoint)/deployments/blue", json: ["tags": ["granted": "yes"]])
        #expect(updated.status == .accepted, "\(updated.text)")
        let settled = try await client.provisioned("/endpoints/\(endpoint)/deployments/blue", within: .seconds(120))
        #expect(settled["provisioning_state"] == "Succeeded", "\(settled)")
    }
}
