import FlowSpec
import Foundation
import Hummingbird
import Platform

/// Principals and their API keys. The built-in `admin` (the server's admin.key) is listed first, never stored,
/// and cannot be deleted or given store keys.
extension ManagementAPI {
    /// The built-in admin as listed.
    static let adminPrincipal = Principal(
        name: Principal.adminName, kind: .user, createdAt: Date(timeIntervalSince1970: 0))

    func createPrincipal(_ request: APIRequest) async throws -> Response {
        let body = try await request.jsonObject()
        let name = try AccessInput.text(body, "name")
        if let problem = ResourceName.problem(with: name) { throw APIError.badArgument(field: "name", problem) }
        if name == Principal.adminName {
            throw APIError.conflict("'\(Principal.adminName)' is the built-in principal")
        }
        let kindText = try AccessInput.optionalText(body, "kind") ?? Principal.Kind.user.rawValue
        guard let kind = Principal.Kind(rawValue: kindText), kind != .managedIdentity else {
            throw APIError.badArgument(
                field: "kind",
                "'\(kindText.prefix(40))' is not 'user' or 'service_principal' (identities are made with POST /identities)")
        }
        let stored = try await controlPlane.store.createPrincipal(Principal(name: name, kind: kind))
        logger.info(
            "principal created", metadata: ["principal": .string(name), "by": .string(CurrentPrincipal.name ?? "")])
        return JSONBody.response(AccessJSON.principal(stored), status: .created)
    }

    func listPrincipals() async throws -> Response {
        let stored = try await controlPlane.store.principals().map { AccessJSON.principal($0) }
        return JSONBody.list([AccessJSON.principal(Self.adminPrincipal, builtIn: true)] + stored)
    }

    func showPrincipal(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        if name == Principal.adminName {
            return JSONBody.response(AccessJSON.principal(Self.adminPrincipal, builtIn: true))
        }
        return JSONBody.response(AccessJSON.principal(try await controlPlane.store.principal(named: name)))
    }

    func deletePrincipal(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        try await access.deletePrincipal(named: name)
        logger.info("principal deleted", metadata: ["principal": .string(name)])
        return Response(status: .noContent)
    }

    func createPrincipalKey(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        // An identity acts only for its endpoint's deployments; an API key would let it call the management API.
        if name != Principal.adminName, try await controlPlane.store.principal(named: name).kind == .managedIdentity {
            throw APIError.badArgument(
                field: "name", "'\(name)' is an endpoint identity; identities get roles, not API keys")
        }
        let created = try await access.createKey(principal: name)
        guard case .object(var json) = AccessJSON.key(created.key) else { throw APIError.internalError("key") }
        json["key"] = .string(created.secret)
        logger.info("principal key created", metadata: ["principal": .string(name), "key": .string(created.key.id)])
        return JSONBody.response(.object(json), status: .created)
    }

    func listPrincipalKeys(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        if name != Principal.adminName { _ = try await controlPlane.store.principal(named: name) }
        return JSONBody.list(try await controlPlane.store.principalKeys(principal: name).map(AccessJSON.key))
    }

    func revokePrincipalKey(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        let id = request.path("id")
        try await access.revokeKey(id: id, principal: name)
        logger.info("principal key revoked", metadata: ["principal": .string(name), "key": .string(id)])
        return Response(status: .noContent)
    }
}
