import Crypto
import Foundation
import JWTKit

/// Issues and verifies endpoint tokens: HS256 JWTs under a key derived (HKDF-SHA256) from the master key, so
/// tokens keep working across a restart and nothing new is stored. A token names one endpoint and expires.
public final class EndpointTokenAuthority: Sendable {
    /// The environment variable that sets the token lifetime in seconds (default one hour).
    public static let lifetimeVariable = "FLOWGATE_TOKEN_LIFETIME_SECONDS"
    public static let defaultLifetime: Duration = .seconds(3600)
    /// HKDF's info string: the derived key signs endpoint tokens and nothing else.
    static let keyInfo = "flowgate endpoint tokens v1 (HS256)"

    /// How long an issued token is valid; callers are told to refresh after half of it.
    public let lifetime: Duration
    /// The key collection with the HS256 signer added (the collection is an actor, so it is set up in a task).
    private let keys: Task<JWTKeyCollection, Never>
    private let now: @Sendable () -> Date

    /// An authority signing with `key` (the derived token key, not the master key itself).
    public init(
        signingKey key: SymmetricKey, lifetime: Duration = EndpointTokenAuthority.defaultLifetime,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.lifetime = lifetime
        self.now = now
        let signer = HMACKey(key: key)
        keys = Task { await JWTKeyCollection().add(hmac: signer, digestAlgorithm: .sha256) }
    }

    /// An authority whose key is derived from the master key in `box`; `environment` may set the lifetime.
    public convenience init(
        masterKey box: SecretBox, environment: [String: String] = [:], now: @escaping @Sendable () -> Date = { Date() }
    ) throws(PlatformError) {
        var lifetime = Self.defaultLifetime
        if let text = environment[Self.lifetimeVariable], !text.isEmpty {
            guard let seconds = Int(text), seconds > 0 else {
                throw .masterKey("\(Self.lifetimeVariable) must be a positive number of seconds, not '\(text)'.")
            }
            lifetime = .seconds(seconds)
        }
        self.init(signingKey: box.derivedKey(info: Self.keyInfo), lifetime: lifetime, now: now)
    }

    /// A fresh token for `endpoint`, valid from now for `lifetime`; refresh is advised after half of it.
    public func issue(endpoint: String) async throws -> EndpointToken {
        let issued = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        let seconds = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
        let expiry = issued.addingTimeInterval(seconds)
        let refreshAfter = issued.addingTimeInterval((seconds / 2).rounded(.down))
        let claims = EndpointTokenClaims(
            sub: SubjectClaim(value: endpoint), aud: AudienceClaim(value: EndpointTokenClaims.audience),
            exp: ExpirationClaim(value: expiry), iat: IssuedAtClaim(value: issued),
            nbf: NotBeforeClaim(value: issued), jti: IDClaim(value: UUID().uuidString),
            refreshAfter: Int64(refreshAfter.timeIntervalSince1970))
        let token = try await collection().sign(claims)
        return EndpointToken(token: token, expiry: expiry, refreshAfter: refreshAfter)
    }

    /// Passes when `token` is one this authority signed for `endpoint` and it is within its validity; otherwise
    /// throws the `EndpointTokenRejection` that says why.
    public func verify(_ token: String, endpoint: String) async throws(EndpointTokenRejection) {
        let claims: EndpointTokenClaims
        do {
            claims = try await collection().verify(token, as: EndpointTokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .malformed
        }
        do {
            try claims.aud.verifyIntendedAudience(includes: EndpointTokenClaims.audience)
        } catch {
            throw .malformed
        }
        let current = now()
        guard current < claims.exp.value else { throw .expired }
        guard current >= claims.nbf.value else { throw .notYetValid }
        guard claims.sub.value == endpoint else { throw .otherEndpoint }
    }

    private func collection() async -> JWTKeyCollection {
        await keys.value
    }
}
