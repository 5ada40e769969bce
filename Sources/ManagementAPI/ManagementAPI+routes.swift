import FlowSpec
import HTTPTypes

/// The route table: every route of the API with what the OpenAPI document says about it.
/// `addRoutes` registers exactly these and `OpenAPIDocument` describes exactly these.
extension ManagementAPI {
    static let routes: [APIRoute] =
        coreRoutes + accessRoutes + identityRoutes + auditRoutes + metricsHistoryRoutes + flowRoutes + traceRoutes
        + snapshotTestRoutes

    private static let coreRoutes: [APIRoute] = [
        APIRoute(
            method: .get, path: "/openapi.json", operationID: "getOpenAPI", summary: "This document.", tag: "meta",
            action: nil,
            outcomes: [.init(status: 200, description: "The OpenAPI 3.1 document", content: .json(["type": "object"]))],
            handler: { _, _ in JSONBody.response(OpenAPIDocument.document) }),
        APIRoute(
            method: .post, path: "/snapshots", operationID: "uploadSnapshot",
            summary: "Upload a flow folder as a tar (plain or gzip) or zip archive, at most 64 MiB.", tag: "snapshots",
            action: "snapshots/write",
            body: .init(
                mediaTypes: ["application/x-tar", "application/gzip", "application/zip"],
                schema: ["type": "string", "contentEncoding": "binary"]),
            outcomes: [
                .init(status: 201, description: "A new snapshot", content: .json(ref("Snapshot"))),
                .init(status: 200, description: "The same files were uploaded before", content: .json(ref("Snapshot"))),
            ],
            errors: [400, 413], handler: { api, request in try await api.uploadSnapshot(request) }),
        APIRoute(
            method: .post, path: "/endpoints", operationID: "createEndpoint", summary: "Create an endpoint.",
            tag: "endpoints", action: "endpoints/write", body: .json(ref("Endpoint")),
            outcomes: [.init(status: 202, description: "Creating", content: .json(ref("Endpoint")))],
            errors: [400, 409], handler: { api, request in try await api.createEndpoint(request) }),
        APIRoute(
            method: .get, path: "/endpoints", operationID: "listEndpoints", summary: "List endpoints.",
            tag: "endpoints", action: "endpoints/read",
            outcomes: [.init(status: 200, description: "The endpoints", content: .json(list("Endpoint")))],
            handler: { api, request in try await api.listEndpoints(request) }),
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}", operationID: "showEndpoint", summary: "Show an endpoint.",
            tag: "endpoints", action: "endpoints/read",
            outcomes: [.init(status: 200, description: "The endpoint", content: .json(ref("Endpoint")))],
            errors: [404], handler: { api, request in try await api.showEndpoint(request) }),
        APIRoute(
            method: .patch, path: "/endpoints/{endpoint}", operationID: "updateEndpoint",
            summary: "Change description, tags, traffic or mirror_traffic; traffic is live before the answer.",
            tag: "endpoints", action: "endpoints/write", body: .json(ref("EndpointPatch")),
            outcomes: [.init(status: 200, description: "The endpoint", content: .json(ref("Endpoint")))],
            errors: [400, 404, 409], handler: { api, request in try await api.updateEndpoint(request) }),
        APIRoute(
            method: .delete, path: "/endpoints/{endpoint}", operationID: "deleteEndpoint",
            summary: "Delete an endpoint with its deployments.", tag: "endpoints", action: "endpoints/delete",
            outcomes: [.init(status: 202, description: "Deleting", content: .json(ref("Endpoint")))],
            errors: [404, 409], handler: { api, request in try await api.deleteEndpoint(request) }),
        APIRoute(
            method: .post, path: "/endpoints/{endpoint}/get-credentials", operationID: "getEndpointCredentials",
            summary: "The two scoring keys, or a fresh token for an aml_token endpoint.", tag: "endpoints",
            action: "endpoints/listkeys/action",
            outcomes: [.init(status: 200, description: "The keys or the token", content: .json(ref("Credentials")))],
            errors: [404], handler: { api, request in try await api.getCredentials(request) }),
        APIRoute(
            method: .post, path: "/endpoints/{endpoint}/regenerate-keys", operationID: "regenerateEndpointKeys",
            summary: "Replace one scoring key (random, or key_value); the old key is refused once this answers.",
            tag: "endpoints", action: "endpoints/regeneratekeys/action", body: .json(ref("RegenerateKeys")),
            outcomes: [.init(status: 204, description: "Replaced", content: nil)],
            errors: [400, 404], handler: { api, request in try await api.regenerateKeys(request) }),
        APIRoute(
            method: .post, path: "/endpoints/{endpoint}/deployments", operationID: "createDeployment",
            summary: "Deploy a flow: model (a folder on the server) or snapshot_id.", tag: "deployments",
            action: "deployments/write",
            body: .json(ref("Deployment")),
            outcomes: [.init(status: 202, description: "Creating", content: .json(ref("Deployment")))],
            errors: [400, 404, 409], handler: { api, request in try await api.createDeployment(request) }),
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}/deployments", operationID: "listDeployments",
            summary: "List an endpoint's deployments.", tag: "deployments", action: "deployments/read",
            outcomes: [.init(status: 200, description: "The deployments", content: .json(list("Deployment")))],
            errors: [404], handler: { api, request in try await api.listDeployments(request) }),
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}/deployments/{deployment}", operationID: "showDeployment",
            summary: "Show a deployment.", tag: "deployments", action: "deployments/read",
            outcomes: [.init(status: 200, description: "The deployment", content: .json(ref("Deployment")))],
            errors: [404], handler: { api, request in try await api.showDeployment(request) }),
        APIRoute(
            method: .patch, path: "/endpoints/{endpoint}/deployments/{deployment}", operationID: "updateDeployment",
            summary: "Change writable fields; settings records merge, other keys replace, null removes.",
            tag: "deployments", action: "deployments/write", body: .json(ref("Deployment")),
            outcomes: [.init(status: 202, description: "Updating", content: .json(ref("Deployment")))],
            errors: [400, 404, 409], handler: { api, request in try await api.updateDeployment(request) }),
        APIRoute(
            method: .delete, path: "/endpoints/{endpoint}/deployments/{deployment}", operationID: "deleteDeployment",
            summary: "Delete a deployment that takes no traffic.", tag: "deployments", action: "deployments/delete",
            outcomes: [.init(status: 202, description: "Deleting", content: .json(ref("Deployment")))],
            errors: [404, 409], handler: { api, request in try await api.deleteDeployment(request) }),
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}/deployments/{deployment}/logs", operationID: "getDeploymentLogs",
            summary: "The last lines of the deployment's logs, merged by time; follow=true streams new lines.",
            tag: "deployments", action: "deployments/logs/read",
            query: [
                .init(
                    name: "lines", schema: ["type": "integer", "minimum": 1, "maximum": 10_000, "default": 100],
                    description: "How many lines"),
                .init(
                    name: "instance", schema: ["type": "string"],
                    description: "Only this instance's lines (e.g. blue-0), or provisioning"),
                .init(
                    name: "follow", schema: ["type": "boolean", "default": false],
                    description:
                        "Keep the answer open (chunked) and send each new line as it is written, until the client "
                        + "goes, the deployment is deleted or the server stops"),
            ],
            outcomes: [
                .init(
                    status: 200, description: "Log lines, oldest first (`2026-11-26T08:02:05.123Z info [blue-0] text`)",
                    content: .init(mediaTypes: ["text/plain; charset=utf-8"], schema: ["type": "string"]))
            ],
            errors: [400, 404], handler: { api, request in try await api.deploymentLogs(request) }),
        APIRoute(
            method: .get, path: "/operations", operationID: "listOperations",
            summary: "Provisioning operations with their stages, newest first.", tag: "operations",
            action: "operations/read",
            query: [
                .init(name: "endpoint", schema: ["type": "string"], description: "Only this endpoint's operations"),
                .init(
                    name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 1_000, "default": 50],
                    description: "At most this many"),
            ],
            outcomes: [.init(status: 200, description: "The operations", content: .json(list("Operation")))],
            errors: [400], handler: { api, request in try await api.listOperations(request) }),
        APIRoute(
            method: .get, path: "/operations/{id}", operationID: "showOperation", summary: "Show an operation.",
            tag: "operations", action: "operations/read",
            outcomes: [.init(status: 200, description: "The operation", content: .json(ref("Operation")))],
            errors: [404], handler: { api, request in try await api.showOperation(request) }),
        APIRoute(
            method: .post, path: "/connections", operationID: "createConnection",
            summary: "Create a connection (promptflow's keys); secrets are stored sealed.", tag: "connections",
            action: "connections/write",
            body: .json(ref("Connection")),
            outcomes: [.init(status: 201, description: "Created, secrets masked", content: .json(ref("Connection")))],
            errors: [400, 409], handler: { api, request in try await api.createConnection(request) }),
        APIRoute(
            method: .get, path: "/connections", operationID: "listConnections", summary: "List connections.",
            tag: "connections", action: "connections/read",
            outcomes: [.init(status: 200, description: "Secrets masked", content: .json(list("Connection")))],
            handler: { api, request in try await api.listConnections(request) }),
        APIRoute(
            method: .get, path: "/connections/{name}", operationID: "showConnection", summary: "Show a connection.",
            tag: "connections", action: "connections/read",
            outcomes: [.init(status: 200, description: "Secrets masked", content: .json(ref("Connection")))],
            errors: [404], handler: { api, request in try await api.showConnection(request) }),
        APIRoute(
            method: .patch, path: "/connections/{name}", operationID: "updateConnection",
            summary: "Set the fields named; a secret sent as ****** keeps its value; null removes a field.",
            tag: "connections", action: "connections/write", body: .json(ref("Connection")),
            outcomes: [.init(status: 200, description: "Secrets masked", content: .json(ref("Connection")))],
            errors: [400, 404], handler: { api, request in try await api.updateConnection(request) }),
        APIRoute(
            method: .delete, path: "/connections/{name}", operationID: "deleteConnection",
            summary: "Delete a connection.", tag: "connections", action: "connections/delete",
            outcomes: [.init(status: 204, description: "Deleted", content: nil)],
            errors: [404], handler: { api, request in try await api.deleteConnection(request) }),
        APIRoute(
            method: .post, path: "/runs", operationID: "createRun",
            summary: "Start a bulk run of a flow (folder on the server or snapshot_id) over data (file or rows).",
            tag: "runs", action: "runs/write", body: .json(ref("RunRequest")),
            outcomes: [.init(status: 202, description: "Running", content: .json(ref("Run")))],
            errors: [400, 409], handler: { api, request in try await api.createRun(request) }),
        APIRoute(
            method: .get, path: "/runs", operationID: "listRuns", summary: "List bulk runs, newest first.",
            tag: "runs", action: "runs/read",
            outcomes: [.init(status: 200, description: "The runs", content: .json(list("Run")))],
            handler: { api, request in try await api.listRuns(request) }),
        APIRoute(
            method: .get, path: "/runs/{name}", operationID: "showRun",
            summary: "Show a bulk run: status, snapshot, variant, line counts, metrics, times.", tag: "runs",
            action: "runs/read",
            outcomes: [.init(status: 200, description: "The run", content: .json(ref("Run")))],
            errors: [404], handler: { api, request in try await api.showRun(request) }),
        APIRoute(
            method: .get, path: "/runs/{name}/outputs", operationID: "listRunOutputs",
            summary: "The run's completed lines, each with its line_number.", tag: "runs", action: "runs/read",
            query: [
                .init(
                    name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 100_000, "default": 100],
                    description: "At most this many lines")
            ],
            outcomes: [
                .init(
                    status: 200, description: "Output lines",
                    content: .json(
                        ["type": "object", "properties": ["value": ["type": "array", "items": ["type": "object"]]]]))
            ],
            errors: [400, 404], handler: { api, request in try await api.runOutputs(request) }),
    ]

    private static func ref(_ schema: String) -> FlowValue {
        ["$ref": .string("#/components/schemas/\(schema)")]
    }

    private static func list(_ schema: String) -> FlowValue {
        ["type": "object", "required": ["value"], "properties": ["value": ["type": "array", "items": ref(schema)]]]
    }
}
