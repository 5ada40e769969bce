import Foundation

/// Endpoint identities as principals of kind `managed_identity` (DESIGN §5): `endpoint:<name>` for a system-assigned
/// one (created and deleted with its endpoint), the given name for a user-assigned one (created beforehand, reusable).
public enum Identities {
    /// What an identity needs on a connection before a deployment may read its secrets.
    public static let secretsAction = "connections/listsecrets/action"
    /// The built-in role that grants `secretsAction`.
    public static let secretsReaderRole = "Connection Secrets Reader"

    /// The principal name of an endpoint's system-assigned identity.
    public static func systemAssignedName(endpoint: String) -> String { "endpoint:\(endpoint)" }

    /// The identity a user-assigned entry names: its `resource_id`'s last segment, else `client_id`, else `object_id`.
    public static func name(of assigned: EndpointIdentity.UserAssigned) -> String? {
        if let resource = assigned.resourceID, let last = resource.split(separator: "/").last, !last.isEmpty {
            return String(last)
        }
        return [assigned.clientID, assigned.objectID].compactMap { $0 }.first { !$0.isEmpty }
    }

    /// The principal an endpoint's deployments act as, or `nil` when a user-assigned entry names nothing.
    public static func principal(of endpoint: Endpoint) -> String? {
        switch endpoint.identity.kind {
        case .systemAssigned: return systemAssignedName(endpoint: endpoint.name)
        case .userAssigned: return endpoint.identity.userAssignedIdentities.first.flatMap(name(of:))
        }
    }

    /// Creates a user-assigned identity.
    public static func create(named name: String, in store: any Store) async throws -> Principal {
        try await store.createPrincipal(Principal(name: name, kind: .managedIdentity))
    }

    /// Every stored identity (system- and user-assigned), by name.
    public static func all(in store: any Store) async throws -> [Principal] {
        try await store.principals().filter { $0.kind == .managedIdentity }
    }

    /// The stored identity `name`; a principal of another kind is not an identity.
    public static func identity(named name: String, in store: any Store) async throws -> Principal {
        let principal = try await store.principal(named: name)
        guard principal.kind == .managedIdentity else {
            throw AccessError.notFound("identity '\(name)' does not exist ('\(name)' is a \(principal.kind.rawValue))")
        }
        return principal
    }

    /// Deletes a user-assigned identity with its role assignments; refused while an endpoint uses it, and for a
    /// system-assigned one (it goes with its endpoint).
    public static func delete(named name: String, in store: any Store) async throws {
        _ = try await identity(named: name, in: store)
        let endpoints = try await store.endpoints()
        if let owner = endpoints.first(where: { systemAssignedName(endpoint: $0.name) == name }) {
            throw AccessError.conflict(
                "identity '\(name)' is endpoint '\(owner.name)''s own; it goes with the endpoint")
        }
        let users = endpoints.filter { $0.identity.kind == .userAssigned && principal(of: $0) == name }
        if !users.isEmpty {
            throw AccessError.conflict(
                "identity '\(name)' is used by endpoint(s) " + users.map { "'\($0.name)'" }.joined(separator: ", "))
        }
        try await store.deletePrincipal(named: name)
    }

    /// Creates the endpoint's system-assigned identity, first removing a stale one (and its grants) left by an
    /// earlier endpoint of the same name; grants Connection Secrets Reader at `/` when `grantSecrets`.
    public static func createSystemAssigned(
        endpoint: String, grantSecrets: Bool, in store: any Store
    ) async throws -> Principal {
        try await deleteSystemAssigned(endpoint: endpoint, in: store)
        return try await insertSystemAssigned(endpoint: endpoint, grantSecrets: grantSecrets, in: store)
    }

    private static func insertSystemAssigned(
        endpoint: String, grantSecrets: Bool, in store: any Store
    ) async throws -> Principal {
        let name = systemAssignedName(endpoint: endpoint)
        let principal = try await store.createPrincipal(Principal(name: name, kind: .managedIdentity))
        if grantSecrets {
            _ = try await store.createRoleAssignment(
                RoleAssignment(role: secretsReaderRole, principal: name, scope: AccessScope.root))
        }
        return principal
    }

    /// An endpoint that reached the store without the API (an older database, a direct store write) or whose
    /// identity was deleted as a principal gets it now as creation would give it: granted unless enforcement is on
    /// (there is no creator to check then). Returns the identity's name.
    public static func ensureSystemAssigned(_ endpoint: Endpoint, in store: any Store) async throws -> String {
        let name = systemAssignedName(endpoint: endpoint.name)
        do {
            _ = try await store.principal(named: name)
        } catch AccessError.notFound {
            do {
                _ = try await insertSystemAssigned(
                    endpoint: endpoint.name, grantSecrets: !endpoint.enforceAccessToDefaultSecretStores, in: store)
            } catch AccessError.alreadyExists {
                // Another check created it first.
            }
        }
        return name
    }

    /// Deletes the endpoint's system-assigned identity with its role assignments, if it exists.
    public static func deleteSystemAssigned(endpoint: String, in store: any Store) async throws {
        do {
            try await store.deletePrincipal(named: systemAssignedName(endpoint: endpoint))
        } catch AccessError.notFound {
        }
    }
}
