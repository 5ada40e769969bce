import Foundation
import NIOHTTP1
import Testing

/// The seed's walk over a real socket: create an endpoint, deploy a flow, get credentials, invoke with the key,
/// regenerate it (the old key is refused at once, the new one works), delete.
@Suite("Platform server: the seed's walk", .serialized)
struct SeedWalkTests {
    @Test func createDeployInvokeRegenerateDelete() async throws {
        let platform = try await PlatformHarness()
        let flow = PlatformHarness.example("python-only")
        let key = try await platform.deploy(endpoint: "support-bot", flow: flow)
        #expect(key.utf8.count == 43)

        let shown = try await platform.call(.GET, "/api/v1/endpoints/support-bot", admin: true)
        #expect(shown.json["provisioning_state"] as? String == "Succeeded")
        let scoringURI = try #require(shown.json["scoring_uri"] as? String)
        #expect(scoringURI == platform.base + "/endpoints/support-bot/score")
        #expect(shown.json["traffic"] as? [String: Int] == ["blue": 100])
        #expect(!shown.body.contains(key), "the endpoint's JSON must not carry its keys")

        let body = #"{"text": "Swift is fast. Swift is safe.", "top_n": 2}"#
        let scored = try await platform.call(.POST, "/endpoints/support-bot/score", json: body, key: key)
        #expect(scored.status == 200, "\(scored.body)")
        #expect(scored.headers["azureml-model-deployment"].first == "blue")
        #expect((scored.json["stats"] as? [String: Any])?["words"] as? Int == 6, "\(scored.body)")
        #expect(scored.json["report"] as? String == "6 words, 2 sentences, 29 characters; most frequent: is (2), swift (2)")

        let regenerated = try await platform.call(
            .POST, "/api/v1/endpoints/support-bot/regenerate-keys", json: #"{"key_type": "primary"}"#, admin: true)
        #expect(regenerated.status == 204, "\(regenerated.body)")
        let old = try await platform.call(.POST, "/endpoints/support-bot/score", json: body, key: key)
        #expect(old.status == 401)
        #expect(!old.body.contains(key))
        let credentials = try await platform.call(.POST, "/api/v1/endpoints/support-bot/get-credentials", admin: true)
        let newKey = try #require(credentials.json["primaryKey"] as? String)
        #expect(newKey != key)
        let again = try await platform.call(.POST, "/endpoints/support-bot/score", json: body, key: newKey)
        #expect(again.status == 200, "\(again.body)")
        let secondary = try #require(credentials.json["secondaryKey"] as? String)
        #expect(try await platform.call(.POST, "/endpoints/support-bot/score", json: body, key: secondary).status == 200)

        let deleted = try await platform.call(.DELETE, "/api/v1/endpoints/support-bot", admin: true)
        #expect(deleted.status == 202, "\(deleted.body)")
        let gone = try await platform.settled("/api/v1/endpoints/support-bot")
        #expect(gone["provisioning_state"] == nil, "\(gone)")
        let after = try await platform.call(.POST, "/endpoints/support-bot/score", json: body, key: newKey)
        #expect(after.status == 404)
        await platform.stop()
    }

    @Test func managementAPIRefusesCallersWithoutTheAdminKey() async throws {
        let platform = try await PlatformHarness()
        let none = try await platform.call(.GET, "/api/v1/endpoints")
        #expect(none.status == 401)
        #expect(none.headers["WWW-Authenticate"].first?.hasPrefix("Bearer") == true)
        let wrong = try await platform.call(.GET, "/api/v1/endpoints", key: "fgk_not-the-admin-key-at-all")
        #expect(wrong.status == 401)
        let right = try await platform.call(.GET, "/api/v1/endpoints", admin: true)
        #expect(right.status == 200, "\(right.body)")
        #expect(right.json["value"] as? [Any] != nil)
        let health = try await platform.call(.GET, "/health")
        #expect(health.status == 200)
        let unknown = try await platform.call(.GET, "/api/v1/nothing-here", admin: true)
        #expect(unknown.status == 404)
        #expect((unknown.json["error"] as? [String: Any])?["code"] as? String == "NotFound", "\(unknown.body)")
        let elsewhere = try await platform.call(.GET, "/nowhere")
        #expect(elsewhere.status == 404)
        #expect(
            (elsewhere.json["error"] as? [String: Any])?["message"] as? String
                == "The requested api 'nowhere' with GET is not supported by current app, "
                + "if you entered the URL manually please check your spelling and try again.")
        await platform.stop()
    }

    @Test func adminKeyIsCreatedOnceOwnerOnlyAndKeptAcrossRestarts() async throws {
        let first = try await PlatformHarness()
        #expect(first.server.adminKeyCreated)
        let file = first.directory.appendingPathComponent("admin.key")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = first.adminKey
        let info = try String(contentsOf: first.directory.appendingPathComponent("server.json"), encoding: .utf8)
        #expect(info.contains(first.base))
        await first.stop(removing: false)
        let second = try await PlatformHarness(directory: first.directory)
        #expect(!second.server.adminKeyCreated)
        #expect(second.adminKey == key)
        await second.stop()
    }
}
