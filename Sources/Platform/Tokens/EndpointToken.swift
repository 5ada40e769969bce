import Foundation

/// A signed endpoint token as `get-credentials` hands it out, with its expiry and the time after which a caller
/// should fetch a fresh one. `description` leaves the token out, so printing the value never leaks it.
public struct EndpointToken: Sendable, CustomStringConvertible {
    /// The compact JWT (`header.payload.signature`).
    public let token: String
    public let expiry: Date
    public let refreshAfter: Date

    public init(token: String, expiry: Date, refreshAfter: Date) {
        self.token = token
        self.expiry = expiry
        self.refreshAfter = refreshAfter
    }

    public var description: String {
        "EndpointToken(expiry: \(expiry), refreshAfter: \(refreshAfter))"
    }
}
