import FlowSpec
import HTTPTypes

/// The routes of principals, their keys, roles and role assignments; appended to the route table.
extension ManagementAPI {
    static let accessRoutes: [APIRoute] = [
        APIRoute(
            method: .post, path: "/principals", operationID: "createPrincipal",
            summary: "Create a user or service principal.", tag: "access", action: "principals/write",
            body: .json(AccessJSON.principalSchema),
            outcomes: [.init(status: 201, description: "Created", content: .json(AccessJSON.principalSchema))],
            errors: [400, 409], handler: { api, request in try await api.createPrincipal(request) }),
        APIRoute(
            method: .get, path: "/principals", operationID: "listPrincipals",
            summary: "List principals, the built-in admin first.", tag: "access", action: "principals/read",
            outcomes: [
                .init(status: 200, description: "The principals", content: .json(list(AccessJSON.principalSchema)))
            ],
            handler: { api, _ in try await api.listPrincipals() }),
        APIRoute(
            method: .get, path: "/principals/{name}", operationID: "showPrincipal", summary: "Show a principal.",
            tag: "access", action: "principals/read",
            outcomes: [.init(status: 200, description: "The principal", content: .json(AccessJSON.principalSchema))],
            errors: [404], handler: { api, request in try await api.showPrincipal(request) }),
        APIRoute(
            method: .delete, path: "/principals/{name}", operationID: "deletePrincipal",
            summary: "Delete a principal with its keys (refused at once) and role assignments.", tag: "access",
            action: "principals/delete", outcomes: [.init(status: 204, description: "Deleted", content: nil)],
            errors: [404, 409], handler: { api, request in try await api.deletePrincipal(request) }),
        APIRoute(
            method: .post, path: "/principals/{name}/keys", operationID: "createPrincipalKey",
            summary: "Create an API key; the answer is the only time the key is shown.", tag: "access",
            action: "principals/keys/write",
            outcomes: [.init(status: 201, description: "The key, once", content: .json(AccessJSON.keySchema))],
            errors: [404, 409], handler: { api, request in try await api.createPrincipalKey(request) }),
        APIRoute(
            method: .get, path: "/principals/{name}/keys", operationID: "listPrincipalKeys",
            summary: "A principal's keys: id, prefix, created and last used (never the key).", tag: "access",
            action: "principals/keys/read",
            outcomes: [.init(status: 200, description: "The keys", content: .json(list(AccessJSON.keySchema)))],
            errors: [404], handler: { api, request in try await api.listPrincipalKeys(request) }),
        APIRoute(
            method: .delete, path: "/principals/{name}/keys/{id}", operationID: "revokePrincipalKey",
            summary: "Revoke a key; it is refused once this answers.", tag: "access", action: "principals/keys/delete",
            outcomes: [.init(status: 204, description: "Revoked", content: nil)],
            errors: [404], handler: { api, request in try await api.revokePrincipalKey(request) }),
        APIRoute(
            method: .get, path: "/roles", operationID: "listRoles", summary: "Built-in and custom roles.",
            tag: "access", action: "roles/read",
            outcomes: [.init(status: 200, description: "The roles", content: .json(list(AccessJSON.roleSchema)))],
            handler: { api, _ in try await api.listRoles() }),
        APIRoute(
            method: .post, path: "/roles", operationID: "createRole",
            summary: "Create a custom role: actions (with * wildcards) and optional not_actions.", tag: "access",
            action: "roles/write", body: .json(AccessJSON.roleSchema),
            outcomes: [.init(status: 201, description: "Created", content: .json(AccessJSON.roleSchema))],
            errors: [400, 409], handler: { api, request in try await api.createRole(request) }),
        APIRoute(
            method: .delete, path: "/roles/{name}", operationID: "deleteRole",
            summary: "Delete a custom role no assignment uses.", tag: "access", action: "roles/delete",
            outcomes: [.init(status: 204, description: "Deleted", content: nil)],
            errors: [404, 409], handler: { api, request in try await api.deleteRole(request) }),
        APIRoute(
            method: .post, path: "/role-assignments", operationID: "createRoleAssignment",
            summary: "Give a role to a principal at a scope: /, /endpoints/NAME or /connections/NAME.", tag: "access",
            action: "roleassignments/write", body: .json(AccessJSON.assignmentSchema),
            outcomes: [.init(status: 201, description: "Created", content: .json(AccessJSON.assignmentSchema))],
            errors: [400, 404, 409], handler: { api, request in try await api.createRoleAssignment(request) }),
        APIRoute(
            method: .get, path: "/role-assignments", operationID: "listRoleAssignments",
            summary: "Role assignments, optionally of one principal and/or at one scope.", tag: "access",
            action: "roleassignments/read",
            query: [
                .init(name: "principal", schema: ["type": "string"], description: "Only this principal's"),
                .init(name: "scope", schema: ["type": "string"], description: "Only at this scope"),
            ],
            outcomes: [
                .init(status: 200, description: "The assignments", content: .json(list(AccessJSON.assignmentSchema)))
            ],
            handler: { api, request in try await api.listRoleAssignments(request) }),
        APIRoute(
            method: .delete, path: "/role-assignments/{id}", operationID: "deleteRoleAssignment",
            summary: "Remove a role assignment; it stops granting at once.", tag: "access",
            action: "roleassignments/delete", outcomes: [.init(status: 204, description: "Deleted", content: nil)],
            errors: [404, 409], handler: { api, request in try await api.deleteRoleAssignment(request) }),
    ]

    private static func list(_ item: FlowValue) -> FlowValue {
        ["type": "object", "required": ["value"], "properties": ["value": ["type": "array", "items": item]]]
    }
}
