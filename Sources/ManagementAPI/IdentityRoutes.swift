import FlowSpec
import Foundation
import Hummingbird
import Platform

/// User-assigned endpoint identities (`/identities`): create, list, show, delete (refused while an endpoint uses
/// it). System-assigned ones (`endpoint:<name>`) are listed too; they come and go with their endpoints.
extension ManagementAPI {
    static let identitySchema: FlowValue = [
        "type": "object", "required": ["name"],
        "properties": [
            "name": ["type": "string"], "kind": ["type": "string", "enum": ["managed_identity"], "readOnly": true],
            "created_at": ["type": "string", "format": "date-time", "readOnly": true],
        ],
    ]

    static let identityRoutes: [APIRoute] = [
        APIRoute(
            method: .post, path: "/identities", operationID: "createIdentity",
            summary: "Create a user-assigned identity for endpoints to act as.", tag: "access",
            action: "identities/write", body: .json(identitySchema),
            outcomes: [.init(status: 201, description: "Created", content: .json(identitySchema))],
            errors: [400, 409], handler: { api, request in try await api.createIdentity(request) }),
        APIRoute(
            method: .get, path: "/identities", operationID: "listIdentities",
            summary: "List identities, user- and system-assigned.", tag: "access", action: "identities/read",
            outcomes: [
                .init(
                    status: 200, description: "The identities",
                    content: .json(
                        [
                            "type": "object", "required": ["value"],
                            "properties": ["value": ["type": "array", "items": identitySchema]],
                        ]))
            ],
            handler: { api, _ in try await api.listIdentities() }),
        APIRoute(
            method: .get, path: "/identities/{name}", operationID: "showIdentity", summary: "Show an identity.",
            tag: "access", action: "identities/read",
            outcomes: [.init(status: 200, description: "The identity", content: .json(identitySchema))],
            errors: [404], handler: { api, request in try await api.showIdentity(request) }),
        APIRoute(
            method: .delete, path: "/identities/{name}", operationID: "deleteIdentity",
            summary: "Delete a user-assigned identity with its role assignments; refused while an endpoint uses it.",
            tag: "access", action: "identities/delete",
            outcomes: [.init(status: 204, description: "Deleted", content: nil)],
            errors: [404, 409], handler: { api, request in try await api.deleteIdentity(request) }),
    ]

    func createIdentity(_ request: APIRequest) async throws -> Response {
        let body = try await request.jsonObject()
        for key in body.keys where key != "name" {
            throw APIError.badArgument(field: key, "is not a key of this request; it takes name")
        }
        let name = try AccessInput.text(body, "name")
        if let problem = ResourceName.problem(with: name) { throw APIError.badArgument(field: "name", problem) }
        let stored = try await Identities.create(named: name, in: controlPlane.store)
        logger.info(
            "identity created", metadata: ["identity": .string(name), "by": .string(CurrentPrincipal.name ?? "")])
        return JSONBody.response(AccessJSON.identity(stored), status: .created)
    }

    func listIdentities() async throws -> Response {
        JSONBody.list(try await Identities.all(in: controlPlane.store).map(AccessJSON.identity))
    }

    func showIdentity(_ request: APIRequest) async throws -> Response {
        let stored = try await Identities.identity(named: request.path("name"), in: controlPlane.store)
        return JSONBody.response(AccessJSON.identity(stored))
    }

    func deleteIdentity(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        try await Identities.delete(named: name, in: controlPlane.store)
        logger.info("identity deleted", metadata: ["identity": .string(name)])
        return Response(status: .noContent)
    }
}

extension AccessJSON {
    static func identity(_ principal: Principal) -> FlowValue {
        [
            "name": .string(principal.name), "kind": .string(principal.kind.rawValue),
            "created_at": JSONBody.time(principal.createdAt),
        ]
    }
}
