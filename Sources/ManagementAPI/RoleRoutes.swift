import FlowSpec
import Foundation
import Hummingbird
import Platform

/// Roles (built-in and custom) and role assignments. Changes take effect for the next request.
extension ManagementAPI {
    func listRoles() async throws -> Response {
        JSONBody.list((Role.builtInRoles + (try await controlPlane.store.customRoles())).map(AccessJSON.role))
    }

    func createRole(_ request: APIRequest) async throws -> Response {
        let body = try await request.jsonObject()
        let name = try AccessInput.text(body, "name")
        if let problem = AccessInput.roleNameProblem(name) { throw APIError.badArgument(field: "name", problem) }
        let actions = try AccessInput.actions(body, "actions")
        if actions.isEmpty { throw APIError.badArgument(field: "actions", "a role needs at least one action") }
        let notActions = body["not_actions"] == nil ? [] : try AccessInput.actions(body, "not_actions")
        let description = try AccessInput.optionalText(body, "description") ?? ""
        let stored = try await controlPlane.store.createCustomRole(
            Role(name: name, description: description, actions: actions, notActions: notActions))
        return JSONBody.response(AccessJSON.role(stored), status: .created)
    }

    func deleteRole(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        if Role.builtIn(named: name) != nil { throw APIError.conflict("'\(name)' is a built-in role") }
        try await controlPlane.store.deleteCustomRole(named: name)
        return Response(status: .noContent)
    }

    func createRoleAssignment(_ request: APIRequest) async throws -> Response {
        let body = try await request.jsonObject()
        let roleName = try AccessInput.text(body, "role")
        let principal = try AccessInput.text(body, "principal")
        let scope = try AccessInput.optionalText(body, "scope") ?? AccessScope.root
        if let problem = AccessScope.problem(with: scope) { throw APIError.badArgument(field: "scope", problem) }
        try await require("roleassignments/write", scope: scope)
        if principal == Principal.adminName {
            throw APIError.conflict("the built-in principal 'admin' is already Owner at '/'")
        }
        let role = Role.builtIn(named: roleName)?.name ?? roleName
        let stored = try await controlPlane.store.createRoleAssignment(
            RoleAssignment(role: role, principal: principal, scope: scope))
        logger.info(
            "role assigned",
            metadata: ["role": .string(role), "principal": .string(principal), "scope": .string(scope)])
        return JSONBody.response(AccessJSON.assignment(stored), status: .created)
    }

    func listRoleAssignments(_ request: APIRequest) async throws -> Response {
        let principal = request.query("principal")
        let scope = request.query("scope")
        var assignments = try await controlPlane.store.roleAssignments(principal: principal, scope: scope)
        if principal.map({ $0 == Principal.adminName }) ?? true, scope.map({ $0 == AccessScope.root }) ?? true {
            assignments.insert(.adminOwner, at: 0)
        }
        return JSONBody.list(assignments.map(AccessJSON.assignment))
    }

    func deleteRoleAssignment(_ request: APIRequest) async throws -> Response {
        let id = request.path("id")
        if id == RoleAssignment.adminOwnerID {
            throw APIError.conflict("the built-in admin's Owner assignment cannot be removed")
        }
        let scope = try await controlPlane.store.roleAssignments(principal: nil, scope: nil).first { $0.id == id }?
            .scope
        // An unknown id is checked at `/`, so only a workspace-wide grantor learns it does not exist.
        try await require("roleassignments/delete", scope: scope ?? AccessScope.root)
        try await controlPlane.store.deleteRoleAssignment(id: id)
        return Response(status: .noContent)
    }
}
