/// The identity an endpoint's deployments act as when they read connections (DESIGN §5): system-assigned
/// (created and deleted with the endpoint) or user-assigned (created beforehand, named by its ids).
public struct EndpointIdentity: Sendable, Hashable, Codable {
    /// Which kind of identity, with Azure ML's YAML spellings.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case systemAssigned = "system_assigned"
        case userAssigned = "user_assigned"
    }

    /// One user-assigned identity as Azure names it; at least one of the ids is set.
    public struct UserAssigned: Sendable, Hashable, Codable {
        public var resourceID: String?
        public var clientID: String?
        public var objectID: String?

        public init(resourceID: String? = nil, clientID: String? = nil, objectID: String? = nil) {
            self.resourceID = resourceID
            self.clientID = clientID
            self.objectID = objectID
        }
    }

    public var kind: Kind
    public var userAssignedIdentities: [UserAssigned]

    public init(kind: Kind = .systemAssigned, userAssignedIdentities: [UserAssigned] = []) {
        self.kind = kind
        self.userAssignedIdentities = userAssignedIdentities
    }

    /// A system-assigned identity, the default.
    public static let systemAssigned = EndpointIdentity()

    func validate(into issues: inout ValidationIssues) {
        switch kind {
        case .systemAssigned:
            issues.require(
                userAssignedIdentities.isEmpty, "identity.user_assigned_identities",
                "only a user_assigned identity lists user_assigned_identities")
        case .userAssigned:
            issues.require(
                userAssignedIdentities.count == 1, "identity.user_assigned_identities",
                "a user_assigned identity names exactly one identity, found \(userAssignedIdentities.count)")
            for (index, identity) in userAssignedIdentities.enumerated()
            where [identity.resourceID, identity.clientID, identity.objectID].allSatisfy({ ($0 ?? "").isEmpty }) {
                issues.add(
                    "identity.user_assigned_identities[\(index)]", "give its resource_id, client_id or object_id")
            }
        }
    }
}
