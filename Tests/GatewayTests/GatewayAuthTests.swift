import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Key auth on the data plane: no key and a wrong key are 401 with `WWW-Authenticate: Bearer`, either key works,
/// the key never reaches the instance (token auth: `GatewayTokenAuthTests`).
@Suite struct GatewayAuthTests {
    @Test func missingOrWrongKeyIs401WithAChallenge() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            let none = try await client.score(key: nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            #expect(none.headers[.contentType] == "application/json")
            #expect(
                none.text
                    == #"{"error":{"code":"UserError","message":"Endpoint 'support-bot' needs a key: send 'Authorization: Bearer <key>'."}}"#
                    + "\n")
            let wrong = try await client.score(key: "primary-key-0123456789abcdeX")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.wwwAuthenticate] == "Bearer")
            #expect(wrong.text.contains("The key is not valid for endpoint 'support-bot'."))
            #expect(!wrong.text.contains("primary-key"))
            let basic = try await client.score(
                key: nil, headers: [.authorization: "Basic \(GatewayFixture.keys.primary)"])
            #expect(basic.status == .unauthorized)
            let swagger = try await client.execute(uri: "/endpoints/support-bot/swagger.json", method: .get)
            #expect(swagger.status == .unauthorized)
        }
        #expect(instance.received.isEmpty)
    }

    @Test func primaryAndSecondaryKeysBothWorkAndAreNotForwarded() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            let primary = try await client.score(key: GatewayFixture.keys.primary)
            #expect(primary.status == .ok)
            #expect(primary.text == #"{"answer":"fixed"}"#)
            let secondary = try await client.score(key: GatewayFixture.keys.secondary)
            #expect(secondary.status == .ok)
            let lowercaseScheme = try await client.score(
                key: nil, headers: [.authorization: "bearer \(GatewayFixture.keys.secondary)"])
            #expect(lowercaseScheme.status == .ok)
        }
        #expect(instance.received.count == 3)
        #expect(instance.received.allSatisfy { $0.authorization == nil })
    }

    @Test func regeneratedKeyIsRefusedAsSoonAsTheTableChanges() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            #expect(try await client.score().status == .ok)
            fixture.live.update(GatewayFixture.endpoint) { $0?.keys?.primary = "regenerated-key-0123456789abc" }
            #expect(try await client.score().status == .unauthorized)
            #expect(try await client.score(key: "regenerated-key-0123456789abc").status == .ok)
        }
    }

    @Test func bearerSchemeIsCaseInsensitiveAndTheKeyIsTrimmed() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        let key = GatewayFixture.keys.primary
        try await fixture.test { client async throws in
            for accepted in ["BEARER \(key)", "  Bearer   \(key) \t ", "bEaReR \(key)"] {
                let response = try await client.score(key: nil, headers: [.authorization: accepted])
                #expect(response.status == .ok, "\(accepted.debugDescription)")
            }
            let refusedValues = [
                "Bearer\t\(key)", "Bearer", "Bearer   ", "Bearerx \(key)", "Bear \(key)", "Bearer \(key) x",
            ]
            for refused in refusedValues {
                let response = try await client.score(key: nil, headers: [.authorization: refused])
                #expect(response.status == .unauthorized, "\(refused.debugDescription)")
            }
        }
    }
}
