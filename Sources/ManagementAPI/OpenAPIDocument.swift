import FlowSpec

/// The OpenAPI 3.1 document of the management API, built from `ManagementAPI.routes` (the same table the router
/// registers) and `OpenAPISchemas`; served at `GET /api/v1/openapi.json`.
enum OpenAPIDocument {
    static let document: FlowValue = build(ManagementAPI.routes)

    static func build(_ routes: [APIRoute]) -> FlowValue {
        var paths = FlowObject()
        for route in routes {
            let path = ManagementAPI.basePath + route.path
            var item = paths[path]?.objectValue ?? FlowObject()
            item[route.method.rawValue.lowercased()] = .object(operation(route))
            paths[path] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Flowgate management API", "version": "1",
                "description": .string(
                    "Endpoints, deployments, keys, flow snapshots, operations and connections of one flowgate server. "
                        + "Every route needs `Authorization: Bearer <API key>` (the admin key or a principal's key) "
                        + "and the action in its `x-flowgate-action` at its scope; else 401, or 403 AuthorizationFailed."
                ),
            ],
            "security": [["bearer": []]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An API key"]
                ],
                "schemas": .object(OpenAPISchemas.all),
            ],
        ]
    }

    private static func operation(_ route: APIRoute) -> FlowObject {
        var operation: FlowObject = [
            "operationId": .string(route.operationID), "summary": .string(route.summary), "tags": [.string(route.tag)],
        ]
        // The action a caller needs at the route's scope (none: any valid key).
        operation["x-flowgate-action"] = route.action.map { .string($0) } ?? .null
        let parameters: [FlowValue] =
            route.pathParameters.map { name in
                ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            + route.query.map { query in
                [
                    "name": .string(query.name), "in": "query", "required": false, "schema": query.schema,
                    "description": .string(query.description),
                ]
            }
        if !parameters.isEmpty { operation["parameters"] = .list(parameters) }
        if let body = route.body {
            operation["requestBody"] = ["required": true, "content": content(body)]
        }
        var responses = FlowObject()
        for outcome in route.outcomes {
            var response: FlowObject = ["description": .string(outcome.description)]
            if let body = outcome.content { response["content"] = content(body) }
            responses[String(outcome.status)] = .object(response)
        }
        for status in route.errors + [401] {
            responses[String(status)] = [
                "description": .string(errorDescriptions[status] ?? "Error"),
                "content": content(.json(["$ref": "#/components/schemas/Error"])),
            ]
        }
        operation["responses"] = .object(responses)
        return operation
    }

    private static func content(_ content: APIRoute.Content) -> FlowValue {
        .object(FlowObject(content.mediaTypes.map { ($0, FlowValue.object(["schema": content.schema])) }))
    }

    private static let errorDescriptions = [
        400: "BadArgument: the request is invalid; details name the fields",
        401: "Unauthorized: no or a wrong admin key",
        404: "NotFound",
        409: "Conflict: exists already, changed meanwhile, busy, or a deployment with traffic",
        413: "PayloadTooLarge",
    ]
}
