import Foundation
import NIOHTTP1
import Testing

/// Issue 6 features end to end over the real server: token endpoints, mirrored traffic, principals and roles.
@Suite("Platform server: tokens, mirroring and roles", .serialized)
struct AccessAndTrafficTests {
    @Test func aTokenEndpointScoresWithItsTokenAndRefusesKeys() async throws {
        let platform = try await PlatformHarness()
        let flow = PlatformHarness.example("python-only")
        let created = try await platform.call(
            .POST, "/api/v1/endpoints", json: #"{"name": "tokened", "auth_mode": "aml_token"}"#, admin: true)
        #expect(created.status == 202, "\(created.body)")
        let made = try await platform.call(
            .POST, "/api/v1/endpoints/tokened/deployments", json: #"{"name": "blue", "model": "\#(flow)"}"#,
            admin: true)
        #expect(made.status == 202, "\(made.body)")
        let state = try await platform.settled("/api/v1/endpoints/tokened/deployments/blue")
        #expect(state["provisioning_state"] as? String == "Succeeded", "\(state)")
        #expect(
            try await platform.call(
                .PATCH, "/api/v1/endpoints/tokened", json: #"{"traffic": {"blue": 100}}"#, admin: true
            ).status == 200)
        let credentials = try await platform.call(.POST, "/api/v1/endpoints/tokened/get-credentials", admin: true)
        let token = try #require(credentials.json["accessToken"] as? String, "\(credentials.body)")
        #expect(credentials.json["expiryTimeUtc"] as? String != nil)
        #expect(credentials.json["refreshAfterTimeUtc"] as? String != nil)
        #expect(credentials.json["primaryKey"] == nil)

        let scored = try await platform.call(.POST, "/endpoints/tokened/score", json: "{}", key: token)
        #expect(scored.status == 200, "\(scored.body)")
        let forged = try await platform.call(.POST, "/endpoints/tokened/score", json: "{}", key: token + "x")
        #expect(forged.status == 401)
        #expect(forged.headers["WWW-Authenticate"].first?.contains("invalid_token") == true)
        #expect(!forged.body.contains(token))
        await platform.stop()
    }

    @Test func mirroredTrafficNeverChangesTheClientsAnswer() async throws {
        let platform = try await PlatformHarness()
        let flow = PlatformHarness.example("python-only")
        let key = try await platform.deploy(endpoint: "mirrored", deployment: "blue", flow: flow)
        let green = try await platform.call(
            .POST, "/api/v1/endpoints/mirrored/deployments", json: #"{"name": "green", "model": "\#(flow)"}"#,
            admin: true)
        #expect(green.status == 202, "\(green.body)")
        _ = try await platform.settled("/api/v1/endpoints/mirrored/deployments/green")
        let mirror = try await platform.call(
            .PATCH, "/api/v1/endpoints/mirrored", json: #"{"mirror_traffic": {"green": 50}}"#, admin: true)
        #expect(mirror.status == 200, "\(mirror.body)")
        let tooMuch = try await platform.call(
            .PATCH, "/api/v1/endpoints/mirrored", json: #"{"mirror_traffic": {"green": 60}}"#, admin: true)
        #expect(tooMuch.status == 400, "\(tooMuch.body)")
        let live = try await platform.call(
            .PATCH, "/api/v1/endpoints/mirrored", json: #"{"mirror_traffic": {"blue": 10}}"#, admin: true)
        #expect(live.status == 400, "a deployment that takes live traffic cannot be a mirror: \(live.body)")

        let direct = try await platform.call(.POST, "/endpoints/mirrored/score", json: "{}", key: key)
        for _ in 0..<40 {
            let reply = try await platform.call(.POST, "/endpoints/mirrored/score", json: "{}", key: key)
            #expect(reply.status == 200)
            #expect(reply.headers["azureml-model-deployment"].first == "blue")
            #expect(reply.body == direct.body)
        }
        // Copies run in the background; wait until the mirror's own metric family shows some.
        var mirrored = false
        for _ in 0..<600 where !mirrored {
            let metrics = try await platform.call(.GET, "/metrics").body
            mirrored = metrics.split(separator: "\n").contains {
                $0.hasPrefix("flowgate_gateway_mirror_requests_total") && $0.contains("deployment=\"green\"")
            }
            if !mirrored { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(mirrored)
        await platform.stop()
    }

    @Test func aReaderMayLookButNotChange() async throws {
        let platform = try await PlatformHarness()
        let principal = try await platform.call(
            .POST, "/api/v1/principals", json: #"{"name": "auditor", "kind": "user"}"#, admin: true)
        #expect(principal.status == 201, "\(principal.body)")
        let keyReply = try await platform.call(.POST, "/api/v1/principals/auditor/keys", admin: true)
        let key = try #require((keyReply.json["key"] ?? keyReply.json["secret"]) as? String, "\(keyReply.body)")
        let granted = try await platform.call(
            .POST, "/api/v1/role-assignments", json: #"{"role": "Reader", "principal": "auditor", "scope": "/"}"#,
            admin: true)
        #expect(granted.status == 201, "\(granted.body)")
        #expect(try await platform.call(.GET, "/api/v1/endpoints", key: key).status == 200)
        let refused = try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "sneaky"}"#, key: key)
        #expect(refused.status == 403, "\(refused.body)")
        #expect(refused.body.contains("endpoints/write"))

        // An endpoint identity gets roles, never an API key (a key would let it call the management API).
        let identity = try await platform.call(.POST, "/api/v1/identities", json: #"{"name": "app-id"}"#, admin: true)
        #expect(identity.status == 201, "\(identity.body)")
        let identityKey = try await platform.call(.POST, "/api/v1/principals/app-id/keys", admin: true)
        #expect(identityKey.status == 400, "\(identityKey.body)")
        // Assignments at a deleted endpoint's scope go with it: a new endpoint of the same name starts clean.
        #expect(try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "scoped"}"#, admin: true).status == 202)
        let scoped = try await platform.call(
            .POST, "/api/v1/role-assignments",
            json: #"{"role": "Contributor", "principal": "auditor", "scope": "/endpoints/scoped"}"#, admin: true)
        #expect(scoped.status == 201, "\(scoped.body)")
        #expect(try await platform.call(.DELETE, "/api/v1/endpoints/scoped", admin: true).status == 202)
        let left = try await platform.call(.GET, "/api/v1/role-assignments?scope=/endpoints/scoped", admin: true)
        #expect((left.json["value"] as? [Any])?.isEmpty == true, "\(left.body)")
        let disguised = try await platform.call(
            .POST, "/api/v1/principals", json: #"{"name": "fake-id", "kind": "managed_identity"}"#, admin: true)
        #expect(disguised.status == 400, "\(disguised.body)")
        await platform.stop()
    }
}
