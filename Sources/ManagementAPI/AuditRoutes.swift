import FlowSpec
import Foundation
import Hummingbird
import Platform

/// `GET /audit`: who did what on this API, newest first, filtered by principal, action, outcome and time.
/// Its action `audit/list/action` is Owner's alone among the built-in roles.
extension ManagementAPI {
    static let auditEventSchema: FlowValue = [
        "type": "object",
        "required": [
            "id", "time", "principal", "principal_kind", "action", "method", "target", "status", "outcome",
            "request_id",
        ],
        "properties": [
            "id": ["type": "string"],
            "time": ["type": "string", "format": "date-time", "description": "UTC, milliseconds"],
            "principal": ["type": "string", "description": "'anonymous' when no valid key was presented"],
            "principal_kind": [
                "type": "string", "enum": ["user", "service_principal", "managed_identity", "anonymous", "unknown"],
            ],
            "action": ["type": ["string", "null"], "description": "The route's action, e.g. endpoints/write"],
            "method": ["type": "string"],
            "target": ["type": "string", "description": "The request path without its query"],
            "status": ["type": "integer"],
            "outcome": ["type": "string", "enum": ["succeeded", "denied", "failed"]],
            "request_id": ["type": "string", "description": "x-request-id as sent, or the one generated"],
        ],
    ]

    static let auditRoutes: [APIRoute] = [
        APIRoute(
            method: .get, path: "/audit", operationID: "listAuditEvents",
            summary: "Who did what: writes, refusals (401/403) and key reads, newest first.", tag: "access",
            action: AuditEvent.listAction,
            query: [
                .init(name: "principal", schema: ["type": "string"], description: "Only this principal's events"),
                .init(name: "action", schema: ["type": "string"], description: "Only this action"),
                .init(
                    name: "outcome", schema: ["type": "string", "enum": ["succeeded", "denied", "failed"]],
                    description: "Only this outcome"),
                .init(
                    name: "since", schema: ["type": "string", "format": "date-time"],
                    description: "Only events at or after this ISO 8601 time"),
                .init(
                    name: "limit",
                    schema: ["type": "integer", "minimum": 1, "maximum": .int(AuditQuery.maxLimit), "default": 100],
                    description: "At most this many"),
            ],
            outcomes: [
                .init(
                    status: 200, description: "The events, newest first",
                    content: .json(
                        [
                            "type": "object", "required": ["value"],
                            "properties": ["value": ["type": "array", "items": auditEventSchema]],
                        ]))
            ],
            errors: [400, 403], handler: { api, request in try await api.listAuditEvents(request) })
    ]

    func listAuditEvents(_ request: APIRequest) async throws -> Response {
        var query = AuditQuery(limit: try request.query("limit", range: 1...AuditQuery.maxLimit, fallback: 100))
        query.principal = request.query("principal").flatMap { $0.isEmpty ? nil : $0 }
        query.action = request.query("action").flatMap { $0.isEmpty ? nil : $0 }
        if let text = request.query("outcome"), !text.isEmpty {
            guard let outcome = AuditEvent.Outcome(rawValue: text) else {
                throw APIError.badArgument(
                    field: "outcome", "'\(text.prefix(40))' is not 'succeeded', 'denied' or 'failed'")
            }
            query.outcome = outcome
        }
        if let text = request.query("since"), !text.isEmpty {
            guard let since = Self.isoTime(text) else {
                throw APIError.badArgument(
                    field: "since", "'\(text.prefix(40))' is not an ISO 8601 time like 2026-11-26T08:00:00Z")
            }
            query.since = since
        }
        return JSONBody.list(try await audit.events(query).map(Self.auditJSON))
    }

    /// `2026-11-26T08:00:00Z`, with or without fractional seconds, `Z` or an offset.
    static func isoTime(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    static func auditJSON(_ event: AuditEvent) -> FlowValue {
        [
            "id": .string(event.id),
            "time": .string(event.time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            "principal": .string(event.principal), "principal_kind": .string(event.principalKind),
            "action": event.action.isEmpty ? .null : .string(event.action), "method": .string(event.method),
            "target": .string(event.target), "status": .int(event.status), "outcome": .string(event.outcome.rawValue),
            "request_id": .string(event.requestID),
        ]
    }
}
