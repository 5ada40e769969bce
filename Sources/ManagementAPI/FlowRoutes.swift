import FlowSpec
import Foundation
import Hummingbird
import Platform

/// The flow a deployment serves, or an uploaded snapshot holds, described for the console (`FlowDescription`):
/// its form (inputs with types, defaults, enums, chat flags), its outputs and its DAG.
extension ManagementAPI {
    static let flowDescriptionSchema: FlowValue = [
        "type": "object", "required": ["kind", "is_chat", "inputs", "outputs", "nodes", "edges"],
        "properties": [
            "name": [
                "type": ["string", "null"],
                "description": "display_name (a prompty's name), else the flow folder's name when known",
            ],
            "kind": ["type": "string", "enum": ["dag", "prompty", "flex"]],
            "flow_type": ["type": "string", "enum": ["standard", "chat", "evaluation", "prompty", "flex"]],
            "file": ["type": "string", "description": "The definition file in the folder"],
            "description": ["type": ["string", "null"]],
            "is_chat": ["type": "boolean", "description": "An input has is_chat_input (the console shows a chat)"],
            "snapshot_id": ["type": "string"],
            "variant": ["type": ["string", "null"], "description": "The ${node.variant_id} a deployment serves"],
            "inputs": [
                "type": "array",
                "items": [
                    "type": "object",
                    "required": ["name", "type", "default", "required", "is_chat_input", "is_chat_history"],
                    "properties": [
                        "name": ["type": "string"],
                        "type": [
                            "type": "string", "enum": ["int", "double", "bool", "string", "list", "object", "image"],
                        ],
                        "default": ["description": "The default value, null when the input is required"],
                        "required": ["type": "boolean"], "is_chat_input": ["type": "boolean"],
                        "is_chat_history": ["type": "boolean"], "description": ["type": "string"],
                        "enum": ["type": "array", "description": "Allowed values, when the input declares them"],
                    ],
                ],
            ],
            "outputs": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["name", "type", "is_chat_output"],
                    "properties": [
                        "name": ["type": "string"], "type": ["type": "string"],
                        "reference": ["description": "${node.output...}, ${inputs.name} or a literal"],
                        "is_chat_output": ["type": "boolean"],
                        "served": [
                            "type": "boolean", "description": "false: evaluation only or from an aggregation node",
                        ],
                        "description": ["type": "string"],
                    ],
                ],
            ],
            "nodes": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["name", "type", "inputs", "aggregation", "use_variants"],
                    "properties": [
                        "name": ["type": "string"],
                        "type": ["type": "string", "enum": ["llm", "prompt", "python", "custom_llm", "unknown"]],
                        "inputs": ["type": "object", "description": "Input name to binding (${...} text) or literal"],
                        "activate": [
                            "type": "object", "properties": ["when": ["type": "string"], "is": [:]],
                            "description": "The node runs only when `when` equals `is`",
                        ],
                        "aggregation": ["type": "boolean"], "use_variants": ["type": "boolean"],
                        "default_variant": ["type": "string"],
                        "variants": ["type": "array", "items": ["type": "string"]],
                        "source": ["type": "object"], "connection": ["type": "string"],
                        "api": ["type": "string", "enum": ["chat", "completion"]],
                    ],
                ],
            ],
            "edges": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["from", "to", "kind"],
                    "properties": [
                        "from": ["type": "string"], "to": ["type": "string"],
                        "kind": ["type": "string", "enum": ["input", "activate"]],
                    ],
                ],
            ],
            "prompty": ["type": "object", "properties": ["api": ["type": "string"], "model_type": [:]]],
            "entry": ["type": "string", "description": "A flex flow's module:function"],
            "sample": ["description": "Example inputs (samples.json's first entry, or the flow's sample)"],
        ],
    ]

    static let flowRoutes: [APIRoute] = [
        APIRoute(
            method: .get, path: "/snapshots", operationID: "listSnapshots",
            summary: "Uploaded and deployed flow snapshots, newest first, each with its flow's name and kind.",
            tag: "snapshots", action: "snapshots/read",
            query: [
                .init(
                    name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 1_000, "default": 100],
                    description: "At most this many")
            ],
            outcomes: [
                .init(
                    status: 200, description: "The snapshots",
                    content: .json([
                        "type": "object", "required": ["value"],
                        "properties": [
                            "value": [
                                "type": "array",
                                "items": [
                                    "allOf": [["$ref": "#/components/schemas/Snapshot"]],
                                    "properties": [
                                        "flow": [
                                            "type": ["object", "null"],
                                            "description": .string(
                                                "name, kind, flow_type, is_chat, description, file; "
                                                    + "null when the folder holds no valid flow"),
                                        ]
                                    ],
                                ],
                            ]
                        ],
                    ]))
            ],
            errors: [400], handler: { api, request in try await api.listSnapshots(request) }),
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}/deployments/{deployment}/flow",
            operationID: "getDeploymentFlow",
            summary: "The flow the deployment serves (its snapshot, its variant): inputs, outputs, nodes and edges.",
            tag: "deployments", action: "deployments/read",
            outcomes: [.init(status: 200, description: "The flow", content: .json(flowDescriptionSchema))],
            errors: [404, 409], handler: { api, request in try await api.deploymentFlow(request) }),
        APIRoute(
            method: .get, path: "/snapshots/{id}/flow", operationID: "getSnapshotFlow",
            summary: "The flow an uploaded snapshot holds: inputs, outputs, nodes and edges.", tag: "snapshots",
            action: "snapshots/read",
            outcomes: [.init(status: 200, description: "The flow", content: .json(flowDescriptionSchema))],
            errors: [400, 404], handler: { api, request in try await api.snapshotFlow(request) }),
    ]

    /// The snapshot the live instances run, else the one the deployment records (409 before its flow is registered).
    func deploymentFlow(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let deployment = try await controlPlane.store.deployment(request.path("deployment"), endpoint: endpointName)
        let live = controlPlane.live.endpoint(named: endpointName)?.deployments[deployment.name]
        guard let snapshotID = live?.snapshotID ?? deployment.snapshotID else {
            throw APIError.conflict(
                "deployment '\(deployment.name)' has no registered flow yet (\(deployment.provisioningState.rawValue));"
                    + " ask again once its flow-registered stage has run")
        }
        var json = try loadFlowDescription(snapshotID: snapshotID, variant: deployment.variant)
        json["variant"] = JSONBody.text(deployment.variant)
        // A snapshot folder is named by its hash; a deployment of a folder still knows the folder's name.
        if json["name"] == .null, let path = deployment.flowPath, !path.hasPrefix("azureml:") {
            json["name"] = .string(URL(fileURLWithPath: path).lastPathComponent)
        }
        return JSONBody.response(.object(json))
    }

    func listSnapshots(_ request: APIRequest) async throws -> Response {
        let limit = try request.query("limit", range: 1...1_000, fallback: 100)
        let snapshots = try await controlPlane.store.snapshots(limit: limit)
        return JSONBody.list(
            snapshots.map { snapshot in
                var json = ResourceJSON.snapshot(snapshot).objectValue ?? [:]
                json["flow"] = flowSummary(snapshotID: snapshot.id)
                return .object(json)
            })
    }

    /// A snapshot's flow in a few fields (null when it does not load), for lists.
    private func flowSummary(snapshotID: String) -> FlowValue {
        guard let folder = controlPlane.snapshots.folder(of: snapshotID),
            let flow = try? FlowLoader.load(path: folder.path)
        else { return .null }
        return [
            "name": JSONBody.text(FlowDescription.name(flow)), "kind": .string(FlowDescription.kind(flow.kind)),
            "flow_type": .string(flow.kind.rawValue), "is_chat": .bool(flow.kind == .chat || flow.chatInput != nil),
            "description": JSONBody.text(flow.metadata.description ?? flow.prompty?.description),
            "file": .string(flow.file),
        ]
    }

    func snapshotFlow(_ request: APIRequest) async throws -> Response {
        let id = request.path("id")
        guard FlowSnapshot.isValidID(id), controlPlane.snapshots.contains(id) else {
            throw APIError.notFound("no snapshot '\(id.prefix(80))'")
        }
        do {
            _ = try await controlPlane.store.snapshot(id: id)
        } catch StoreError.notFound {
            throw APIError.notFound("no snapshot '\(id.prefix(80))'")
        }
        return JSONBody.response(.object(try loadFlowDescription(snapshotID: id, variant: nil)))
    }

    private func loadFlowDescription(snapshotID: String, variant: String?) throws -> FlowObject {
        guard let folder = controlPlane.snapshots.folder(of: snapshotID) else {
            throw APIError.notFound("snapshot '\(snapshotID)' is not stored on this server")
        }
        let flow: Flow
        do {
            flow = try FlowLoader.load(path: folder.path)
        } catch {
            throw APIError.badArgument("the snapshot's flow does not validate: \(error.description)")
        }
        guard case .object(var json) = FlowDescription.json(flow, variant: variant) else { return [:] }
        json["snapshot_id"] = .string(snapshotID)
        return json
    }
}
