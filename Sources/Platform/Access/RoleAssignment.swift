import Foundation

/// A role given to a principal at a scope (`/`, `/endpoints/NAME`, `/connections/NAME`).
/// The built-in admin's Owner assignment at `/` is listed but never stored and cannot be deleted.
public struct RoleAssignment: Sendable, Equatable {
    public let id: String
    public let role: String
    public let principal: String
    public let scope: String
    public let createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), role: String, principal: String, scope: String,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.role = role
        self.principal = principal
        self.scope = scope
        self.createdAt = createdAt
    }

    /// The id of the built-in admin's Owner assignment.
    public static let adminOwnerID = "builtin-admin-owner"

    /// The built-in admin's Owner assignment at `/`.
    public static let adminOwner = RoleAssignment(
        id: adminOwnerID, role: Role.owner.name, principal: Principal.adminName, scope: AccessScope.root,
        createdAt: Date(timeIntervalSince1970: 0))
}
