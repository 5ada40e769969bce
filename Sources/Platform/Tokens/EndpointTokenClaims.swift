import Foundation
import JWTKit

/// The payload of an endpoint token: the endpoint (`sub`), the audience `flowgate-endpoint`, issue, start and expiry
/// times, a random id (`jti`) and when a caller should fetch a new one (`refresh_after`, Unix seconds).
struct EndpointTokenClaims: JWTPayload, Equatable {
    static let audience = "flowgate-endpoint"

    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim
    var jti: IDClaim
    var refreshAfter: Int64

    enum CodingKeys: String, CodingKey {
        case sub, aud, exp, iat, nbf, jti
        case refreshAfter = "refresh_after"
    }

    /// Time claims are checked by `EndpointTokenAuthority.verify` against its clock, after the signature.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
