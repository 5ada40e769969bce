import FlowSpec
import Foundation
import HummingbirdTesting
import Platform
import Testing

/// `get-credentials` on an `aml_token` endpoint: a signed token for that endpoint with its expiry and refresh
/// times (ISO 8601 UTC, refresh at half the lifetime), verifiable by the control plane's authority; key
/// endpoints still answer their keys, and regenerate-keys on a token endpoint is a 400 saying it has none.
@Suite struct TokenCredentialsTests {
    @Test func tokenEndpointAnswersATokenWithItsTimes() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let created = try await client.send(.post, "/endpoints", json: ["name": "token-bot", "auth_mode": "token"])
            #expect(created.status == .accepted)
            #expect(created.json["auth_mode"] == "aml_token")
            let answer = try await client.send(.post, "/endpoints/token-bot/get-credentials")
            #expect(answer.status == .ok)
            let object = try #require(answer.json.objectValue)
            #expect(Set(object.keys) == ["accessToken", "expiryTimeUtc", "refreshAfterTimeUtc", "tokenType"])
            #expect(answer.json["tokenType"] == "Bearer")
            let token = try #require(answer.json["accessToken"].stringValue)
            let format = Date.ISO8601FormatStyle(timeZone: .gmt)
            let expiryText = try #require(answer.json["expiryTimeUtc"].stringValue)
            let refreshText = try #require(answer.json["refreshAfterTimeUtc"].stringValue)
            #expect(expiryText.hasSuffix("Z") && refreshText.hasSuffix("Z"))
            let expiry = try format.parse(expiryText)
            let refresh = try format.parse(refreshText)
            #expect(expiry.timeIntervalSince(refresh) == 1800)
            #expect(expiry > Date())
            let tokens = try #require(fixture.controlPlane.tokens)
            try await tokens.verify(token, endpoint: "token-bot")
            await #expect(throws: EndpointTokenRejection.otherEndpoint) {
                try await tokens.verify(token, endpoint: "support-bot")
            }

            let regenerate = try await client.send(
                .post, "/endpoints/token-bot/regenerate-keys", json: ["key_type": "primary"])
            #expect(regenerate.status == .badRequest)
            #expect(regenerate.text.contains("aml_token"))
        }
    }

    /// A restarted server (a new control plane on the same data directory and master key) accepts the token.
    @Test func tokenSurvivesARestartOfTheControlPlane() async throws {
        let fixture = try APIFixture()
        let token = try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "token-bot", "auth_mode": "aml_token"])
            let answer = try await client.send(.post, "/endpoints/token-bot/get-credentials")
            return try #require(answer.json["accessToken"].stringValue)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        let restarted = try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: DataDirectory(url: fixture.root.appendingPathComponent("home")),
                publicURL: URL(string: "http://127.0.0.1:8080")!, environment: environment))
        try await #require(restarted.tokens).verify(token, endpoint: "token-bot")
    }

    @Test func keyEndpointStillAnswersItsKeys() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "key-bot"])
            let answer = try await client.send(.post, "/endpoints/key-bot/get-credentials")
            #expect(answer.status == .ok)
            #expect(Set(try #require(answer.json.objectValue).keys) == ["primaryKey", "secondaryKey"])
        }
    }
}
