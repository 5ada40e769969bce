import FlowSpec
import Foundation
import Hummingbird
import Platform

/// A deployment's recent request traces, read from its running instances' trace stores (in memory: the last
/// 200 or so per instance, gone when an instance restarts), merged newest first; and one trace with its spans.
extension ManagementAPI {
    static let traceSummarySchema: FlowValue = [
        "type": "object", "required": ["trace_id", "name", "start_time", "duration_ms", "status", "instance"],
        "properties": [
            "trace_id": ["type": "string"], "name": ["type": "string"],
            "start_time": ["type": "string", "format": "date-time"], "duration_ms": ["type": "number"],
            "status": ["type": "string", "enum": ["ok", "error", "unset"]],
            "run_id": ["type": ["string", "null"], "description": "The request id (x-request-id) the run carried"],
            "http_status": ["type": ["integer", "null"]], "total_tokens": ["type": ["integer", "null"]],
            "span_count": ["type": "integer"],
            "instance": ["type": "string", "description": "The instance that kept it"],
        ],
    ]

    static let traceSchema: FlowValue = [
        "type": "object", "required": ["trace_id", "spans", "instance"],
        "properties": [
            "trace_id": ["type": "string"], "name": ["type": "string"],
            "start_time": ["type": "string", "format": "date-time"], "duration_ms": ["type": "number"],
            "status": ["type": "string"], "run_id": ["type": ["string", "null"]],
            "http_status": ["type": ["integer", "null"]], "total_tokens": ["type": ["integer", "null"]],
            "instance": ["type": "string"],
            "spans": [
                "type": "array",
                "items": [
                    "type": "object",
                    "required": ["span_id", "parent_span_id", "name", "start_time", "end_time", "duration_ms"],
                    "properties": [
                        "span_id": ["type": "string"], "parent_span_id": ["type": ["string", "null"]],
                        "name": ["type": "string"], "kind": ["type": "string"],
                        "start_time": ["type": "string", "format": "date-time"],
                        "end_time": ["type": "string", "format": "date-time"], "duration_ms": ["type": "number"],
                        "attributes": ["type": "object"], "events": ["type": "array", "items": ["type": "object"]],
                        "status": [
                            "type": "object",
                            "properties": ["code": ["type": "string"], "message": ["type": "string"]],
                        ],
                    ],
                ],
            ],
        ],
    ]

    static let traceRoutes: [APIRoute] = [
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}/deployments/{deployment}/traces",
            operationID: "listDeploymentTraces",
            summary: "Recent request traces of the deployment's running instances, newest first.",
            tag: "deployments", action: "deployments/read",
            query: [
                .init(
                    name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 1_000, "default": 50],
                    description: "At most this many traces"),
                .init(
                    name: "request_id", schema: ["type": "string"],
                    description: "Only the traces of this request (its run_id: x-request-id or the gateway's id)"),
            ],
            outcomes: [
                .init(
                    status: 200, description: "Trace summaries (empty while no instance is running)",
                    content: .json([
                        "type": "object", "required": ["traces"],
                        "properties": ["traces": ["type": "array", "items": traceSummarySchema]],
                    ]))
            ],
            errors: [400, 404], handler: { api, request in try await api.deploymentTraces(request) }),
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}/deployments/{deployment}/traces/{trace_id}",
            operationID: "showDeploymentTrace",
            summary: "One trace with its spans (flow, nodes, LLM calls; inputs and outputs as recorded).",
            tag: "deployments", action: "deployments/read",
            outcomes: [.init(status: 200, description: "The trace", content: .json(traceSchema))],
            errors: [404], handler: { api, request in try await api.deploymentTrace(request) }),
    ]

    func deploymentTraces(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let name = request.path("deployment")
        let limit = try request.query("limit", range: 1...1_000, fallback: 50)
        _ = try await controlPlane.store.deployment(name, endpoint: endpointName)
        guard let live = controlPlane.live.endpoint(named: endpointName)?.deployments[name] else {
            return JSONBody.response(["traces": []])
        }
        var traces: [FlowObject]
        if let requestID = request.query("request_id") {
            // Look through everything the instances keep, not only the newest `limit`.
            traces = await TraceListing.recent(live, limit: 1_000).filter { $0["run_id"] == .string(requestID) }
            traces = Array(traces.prefix(limit))
        } else {
            traces = await TraceListing.recent(live, limit: limit)
        }
        return JSONBody.response(["traces": .list(traces.map(FlowValue.object))])
    }

    func deploymentTrace(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let name = request.path("deployment")
        let id = request.path("trace_id")
        _ = try await controlPlane.store.deployment(name, endpoint: endpointName)
        guard let live = controlPlane.live.endpoint(named: endpointName)?.deployments[name],
            let trace = await TraceListing.trace(live, id: id)
        else {
            throw APIError.notFound(
                "no trace '\(id.prefix(64))' is kept by deployment '\(name)' (instances keep their recent traces only)")
        }
        return JSONBody.response(.object(trace))
    }
}
