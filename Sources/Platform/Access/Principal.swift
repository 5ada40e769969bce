import Foundation

/// A caller of the management API: a user or a service principal, known by a unique name.
/// Its API keys and role assignments say who it is and what it may do.
public struct Principal: Sendable, Equatable, Codable {
    /// What kind of caller a principal is.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case user
        case servicePrincipal = "service_principal"
        /// An endpoint identity: `endpoint:<name>` (system-assigned) or one created with `identity create`.
        case managedIdentity = "managed_identity"
    }

    /// The built-in principal whose key is the server's bootstrap `admin.key`; an Owner at `/`, never stored.
    public static let adminName = "admin"

    public let name: String
    public let kind: Kind
    public let createdAt: Date

    public init(name: String, kind: Kind, createdAt: Date = Date()) {
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
    }
}
