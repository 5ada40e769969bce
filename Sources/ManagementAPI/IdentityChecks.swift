import FlowSpec
import Foundation
import Hummingbird
import Platform

/// The identity side of creating and deleting an endpoint: a user-assigned identity must exist; a system-assigned
/// one is created with the endpoint and granted Connection Secrets Reader at `/` unless enforcement refuses it.
extension ManagementAPI {
    /// `identity.user_assigned_identities` may list plain identity names; they are read as `{resource_id: name}`.
    static func identityNamesAsEntries(_ body: FlowObject) -> FlowObject {
        guard case .object(var identity)? = body["identity"],
            case .list(let entries)? = identity["user_assigned_identities"]
        else { return body }
        identity["user_assigned_identities"] = .list(
            entries.map { entry in
                if case .string(let name) = entry { return .object(["resource_id": .string(name)]) }
                return entry
            })
        var rewritten = body
        rewritten["identity"] = .object(identity)
        return rewritten
    }

    /// Before the endpoint is stored. User-assigned: the identity exists (400 naming the field). System-assigned
    /// with `enforce_access_to_default_secret_stores` enabled: the caller holds `connections/listsecrets/action`
    /// at `/`, else 403 `AuthorizationFailed` (disabled, the identity is granted the role regardless, as Azure does).
    func checkEndpointIdentity(_ endpoint: Endpoint) async throws {
        switch endpoint.identity.kind {
        case .userAssigned:
            let field = "identity.user_assigned_identities"
            guard let name = endpoint.identity.userAssignedIdentities.first.flatMap(Identities.name(of:)) else {
                throw APIError.badArgument(field: field, "name the user-assigned identity")
            }
            do {
                _ = try await Identities.identity(named: name, in: controlPlane.store)
            } catch AccessError.notFound {
                throw APIError.badArgument(
                    field: field, "identity '\(name)' does not exist; create it first (flowgate identity create)")
            }
        case .systemAssigned:
            guard endpoint.enforceAccessToDefaultSecretStores else { return }
            let principal = CurrentPrincipal.name ?? ""
            let action = Identities.secretsAction
            if try await access.isAllowed(principal, action: action, scope: AccessScope.root) { return }
            throw APIError(
                status: .forbidden, code: "AuthorizationFailed",
                message:
                    "principal '\(principal)' lacks '\(action)' on '/': with enforce_access_to_default_secret_stores "
                    + "enabled, only a principal holding it may create an endpoint whose system-assigned identity "
                    + "is granted \(Identities.secretsReaderRole)")
        }
    }

    /// Right after the endpoint is stored: its system-assigned identity, granted Connection Secrets Reader at `/`
    /// (`checkEndpointIdentity` has refused the creation when enforcement forbids that).
    func createEndpointIdentity(_ endpoint: Endpoint) async throws {
        guard endpoint.identity.kind == .systemAssigned else { return }
        _ = try await Identities.createSystemAssigned(
            endpoint: endpoint.name, grantSecrets: true, in: controlPlane.store)
    }

    /// With the endpoint's deletion: its system-assigned identity and that identity's role assignments.
    func deleteEndpointIdentity(_ endpoint: String) async throws {
        try await Identities.deleteSystemAssigned(endpoint: endpoint, in: controlPlane.store)
    }
}
