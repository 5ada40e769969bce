import Crypto
import Foundation
import Testing

@testable import Platform

/// Endpoint tokens: issued with an expiry and a refresh time at half the lifetime, verified for their endpoint
/// only, refused with a distinct reason when malformed, tampered, expired or for another endpoint, and still
/// valid under a new authority built from the same master key (a server restart).
@Suite struct TokenAuthorityTests {
    static let issuedAt = Date(timeIntervalSince1970: 1_800_000_000)
    let box = SecretBox(key: SymmetricKey(size: .bits256), source: "test")

    func authority(at date: Date, environment: [String: String] = [:]) throws -> EndpointTokenAuthority {
        try EndpointTokenAuthority(masterKey: box, environment: environment, now: { date })
    }

    @Test func issuedTokenVerifiesForItsEndpointWithExpiryAndRefreshTimes() async throws {
        let tokens = try authority(at: Self.issuedAt)
        let issued = try await tokens.issue(endpoint: "support-bot")
        #expect(issued.expiry == Self.issuedAt.addingTimeInterval(3600))
        #expect(issued.refreshAfter == Self.issuedAt.addingTimeInterval(1800))
        #expect(issued.token.split(separator: ".").count == 3)
        #expect(!String(describing: issued).contains(issued.token))
        try await tokens.verify(issued.token, endpoint: "support-bot")
        let payload = try #require(Data(base64URL: String(issued.token.split(separator: ".")[1])))
        let claims = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        #expect(claims["sub"] as? String == "support-bot")
        #expect(claims["aud"] as? String == "flowgate-endpoint")
        #expect(Set(claims.keys) == ["sub", "aud", "exp", "iat", "nbf", "jti", "refresh_after"])
    }

    @Test func lifetimeComesFromTheEnvironment() async throws {
        let tokens = try authority(at: Self.issuedAt, environment: [EndpointTokenAuthority.lifetimeVariable: "60"])
        let issued = try await tokens.issue(endpoint: "support-bot")
        #expect(issued.expiry == Self.issuedAt.addingTimeInterval(60))
        #expect(issued.refreshAfter == Self.issuedAt.addingTimeInterval(30))
        #expect(throws: PlatformError.self) {
            try authority(at: Self.issuedAt, environment: [EndpointTokenAuthority.lifetimeVariable: "soon"])
        }
    }

    @Test func expiredAndNotYetValidTokensAreRefused() async throws {
        let issued = try await authority(at: Self.issuedAt).issue(endpoint: "support-bot")
        let justBefore = try authority(at: issued.expiry.addingTimeInterval(-1))
        try await justBefore.verify(issued.token, endpoint: "support-bot")
        let atExpiry = try authority(at: issued.expiry)
        await #expect(throws: EndpointTokenRejection.expired) {
            try await atExpiry.verify(issued.token, endpoint: "support-bot")
        }
        let early = try authority(at: Self.issuedAt.addingTimeInterval(-10))
        await #expect(throws: EndpointTokenRejection.notYetValid) {
            try await early.verify(issued.token, endpoint: "support-bot")
        }
    }

    @Test func otherEndpointTamperedAndMalformedTokensHaveTheirOwnReasons() async throws {
        let tokens = try authority(at: Self.issuedAt)
        let issued = try await tokens.issue(endpoint: "support-bot")
        await #expect(throws: EndpointTokenRejection.otherEndpoint) {
            try await tokens.verify(issued.token, endpoint: "other-bot")
        }
        var parts = issued.token.split(separator: ".").map(String.init)
        // A payload naming another endpoint under the original signature.
        let payload = try #require(Data(base64URL: parts[1]))
        let forged = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "support-bot", with: "other-bot")
        let forgedToken = [parts[0], Data(forged.utf8).base64URLEncoded, parts[2]].joined(separator: ".")
        await #expect(throws: EndpointTokenRejection.badSignature) {
            try await tokens.verify(forgedToken, endpoint: "other-bot")
        }
        // A signature with one character changed in the middle.
        var signature = Array(parts[2])
        let middle = signature.count / 2
        signature[middle] = signature[middle] == "A" ? "B" : "A"
        parts[2] = String(signature)
        await #expect(throws: EndpointTokenRejection.badSignature) {
            try await tokens.verify(parts.joined(separator: "."), endpoint: "support-bot")
        }
        for malformed in ["primary-key-0123456789abcdef", "a.b.c", "", "..."] {
            await #expect(throws: EndpointTokenRejection.malformed) {
                try await tokens.verify(malformed, endpoint: "support-bot")
            }
        }
    }

    @Test func tokensSurviveANewAuthorityFromTheSameMasterKeyOnly() async throws {
        let issued = try await authority(at: Self.issuedAt).issue(endpoint: "support-bot")
        let restarted = try authority(at: Self.issuedAt.addingTimeInterval(5))
        try await restarted.verify(issued.token, endpoint: "support-bot")
        let otherKey = try EndpointTokenAuthority(
            masterKey: SecretBox(key: SymmetricKey(size: .bits256), source: "other"), now: { Self.issuedAt })
        await #expect(throws: EndpointTokenRejection.badSignature) {
            try await otherKey.verify(issued.token, endpoint: "support-bot")
        }
    }
}

extension Data {
    /// Decodes base64url without padding (a JWT segment).
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }

    /// Base64url without padding.
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
