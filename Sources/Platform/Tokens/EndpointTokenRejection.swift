/// Why a presented endpoint token was refused; `description` is the reason the gateway sends in
/// `WWW-Authenticate` (it never contains the token).
public enum EndpointTokenRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a JWT this server issues (bad encoding, header, algorithm or claims).
    case malformed
    /// Signed with another key, or altered after signing.
    case badSignature
    /// Past its expiry time.
    case expired
    /// Its start time (`nbf`) is still ahead.
    case notYetValid
    /// Issued for another endpoint.
    case otherEndpoint

    public var description: String {
        switch self {
        case .malformed: "The token is malformed."
        case .badSignature: "The token signature is invalid."
        case .expired: "The token has expired; get a new one with get-credentials."
        case .notYetValid: "The token is not valid yet."
        case .otherEndpoint: "The token was issued for another endpoint."
        }
    }
}
