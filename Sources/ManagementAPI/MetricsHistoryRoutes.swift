import FlowSpec
import Foundation
import Hummingbird
import Platform
import Telemetry

/// A deployment's per-minute history over the last hour (requests by status class, latency percentiles, LLM
/// tokens, errors), what the console's Monitoring charts plot. Kept in memory: a restart starts it afresh.
extension ManagementAPI {
    static let metricsHistorySchema: FlowValue = [
        "type": "object", "required": ["interval_seconds", "minutes"],
        "properties": [
            "interval_seconds": ["type": "integer", "const": 60],
            "minutes": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["start", "requests", "latency_ms", "tokens", "errors"],
                    "properties": [
                        "start": ["type": "string", "format": "date-time"],
                        "requests": [
                            "type": "object", "additionalProperties": ["type": "integer"],
                            "description": "Answers by class: 2xx, 3xx, 4xx (other than 429), 429, 5xx",
                        ],
                        "latency_ms": [
                            "type": "object",
                            "properties": [
                                "p50": ["type": ["number", "null"]], "p95": ["type": ["number", "null"]],
                                "p99": ["type": ["number", "null"]],
                            ],
                        ],
                        "tokens": [
                            "type": "object",
                            "properties": ["prompt": ["type": "integer"], "completion": ["type": "integer"]],
                        ],
                        "errors": ["type": "integer", "description": "4xx (429 included) and 5xx answers"],
                    ],
                ],
            ],
        ],
    ]

    static let metricsHistoryRoutes: [APIRoute] = [
        APIRoute(
            method: .get, path: "/endpoints/{endpoint}/deployments/{deployment}/metrics",
            operationID: "getDeploymentMetricsHistory",
            summary: "The deployment's requests, latency, tokens and errors per minute, oldest first.",
            tag: "deployments", action: "deployments/read",
            query: [
                .init(
                    name: "minutes", schema: ["type": "integer", "minimum": 1, "maximum": 60, "default": 60],
                    description: "How many minutes, the current one last")
            ],
            outcomes: [.init(status: 200, description: "One entry per minute", content: .json(metricsHistorySchema))],
            errors: [400, 404], handler: { api, request in try await api.deploymentMetricsHistory(request) })
    ]

    func deploymentMetricsHistory(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let name = request.path("deployment")
        let history = controlPlane.reconciler.metricsHistory
        let count = try request.query("minutes", range: 1...history.minutes, fallback: history.minutes)
        _ = try await controlPlane.store.deployment(name, endpoint: endpointName)
        let minutes = history.summaries(endpoint: endpointName, deployment: name, count: count)
        return JSONBody.response([
            "interval_seconds": 60,
            "minutes": .list(minutes.map(Self.minuteJSON)),
        ])
    }

    static func minuteJSON(_ minute: MinuteSummary) -> FlowValue {
        func milliseconds(_ value: Double?) -> FlowValue {
            value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
        }
        return [
            "start": JSONBody.time(minute.start),
            "requests": .object(FlowObject(minute.requests.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            "latency_ms": [
                "p50": milliseconds(minute.latencyP50Milliseconds), "p95": milliseconds(minute.latencyP95Milliseconds),
                "p99": milliseconds(minute.latencyP99Milliseconds),
            ],
            "tokens": ["prompt": .int(minute.promptTokens), "completion": .int(minute.completionTokens)],
            "errors": .int(minute.errors),
        ]
    }
}
