import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Token auth on the data plane: an `aml_token` endpoint takes only a valid token issued for it, refuses keys,
/// expired, tampered and other-endpoint tokens with 401 and the reason in `WWW-Authenticate`; a key endpoint
/// refuses tokens. The token never reaches the instance.
@Suite struct GatewayTokenAuthTests {
    static let issuedAt = Date(timeIntervalSince1970: 1_800_000_000)
    let box = SecretBox(key: SymmetricKey(size: .bits256), source: "test")

    func authority(at date: Date = issuedAt) throws -> EndpointTokenAuthority {
        try EndpointTokenAuthority(masterKey: box, now: { date })
    }

    func fixture(_ authMode: AuthMode, _ instance: any ScoringInstance, at date: Date = issuedAt) throws
        -> GatewayFixture
    {
        GatewayFixture(
            authMode: authMode, traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])],
            tokens: try authority(at: date))
    }

    static func challenge(_ response: TestResponse) -> String {
        response.headers[.wwwAuthenticate] ?? ""
    }

    @Test func validTokenScoresAndIsNotPassedOn() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let token = try await authority().issue(endpoint: GatewayFixture.endpoint).token
        try await fixture(.amlToken, instance).test { client async throws in
            let response = try await client.score(key: token)
            #expect(response.status == .ok)
            #expect(response.text == #"{"answer":"fixed"}"#)
        }
        #expect(instance.received.count == 1)
        #expect(instance.received.first?.authorization == nil)
    }

    @Test func refusedTokensNameTheReasonInTheChallenge() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let issued = try await authority().issue(endpoint: GatewayFixture.endpoint)
        let other = try await authority().issue(endpoint: "other-bot").token
        var parts = issued.token.split(separator: ".").map(String.init)
        var signature = Array(parts[2])
        signature[signature.count / 2] = signature[signature.count / 2] == "A" ? "B" : "A"
        parts[2] = String(signature)
        let tampered = parts.joined(separator: ".")
        let cases: [(String, String)] = [
            (tampered, EndpointTokenRejection.badSignature.description),
            (other, EndpointTokenRejection.otherEndpoint.description),
            ("not-a-token", EndpointTokenRejection.malformed.description),
            // A key of the endpoint is not a token.
            (GatewayFixture.keys.primary, EndpointTokenRejection.malformed.description),
        ]
        try await fixture(.amlToken, instance).test { client async throws in
            for (token, reason) in cases {
                let response = try await client.score(key: token)
                #expect(response.status == .unauthorized)
                #expect(
                    Self.challenge(response) == #"Bearer error="invalid_token", error_description="\#(reason)""#)
                #expect(!response.text.contains(token))
            }
            let none = try await client.score(key: nil)
            #expect(none.status == .unauthorized)
            #expect(Self.challenge(none) == "Bearer")
        }
        #expect(instance.received.isEmpty)
    }

    @Test func expiredTokenIsRefused() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let issued = try await authority().issue(endpoint: GatewayFixture.endpoint)
        try await fixture(.amlToken, instance, at: issued.expiry.addingTimeInterval(1)).test { client async throws in
            let response = try await client.score(key: issued.token)
            #expect(response.status == .unauthorized)
            #expect(Self.challenge(response).contains("expired"))
        }
        #expect(instance.received.isEmpty)
    }

    @Test func keyEndpointRefusesTokens() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let token = try await authority().issue(endpoint: GatewayFixture.endpoint).token
        try await fixture(.key, instance).test { client async throws in
            let response = try await client.score(key: token)
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("tokens are not accepted"))
            #expect(try await client.score().status == .ok)
        }
        #expect(instance.received.count == 1)
    }
}
