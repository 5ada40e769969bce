import FlowSpec
import HTTPTypes
import Hummingbird
import Platform

/// One route of the management API: what the router registers and what the OpenAPI document describes,
/// in one value, so the two cannot drift apart.
struct APIRoute: Sendable {
    /// A request or response body: its media types and schema (a JSON Schema as a `FlowValue`).
    struct Content: Sendable {
        let mediaTypes: [String]
        let schema: FlowValue

        static func json(_ schema: FlowValue) -> Content { Content(mediaTypes: [JSONBody.contentType], schema: schema) }
    }

    /// One documented answer: its status, what it means and its body, if any.
    struct Outcome: Sendable {
        let status: Int
        let description: String
        let content: Content?
    }

    /// A documented query parameter.
    struct Query: Sendable {
        let name: String
        let schema: FlowValue
        let description: String
    }

    let method: HTTPRequest.Method
    /// The path under `/api/v1`, with `{parameter}` captures as OpenAPI writes them.
    let path: String
    let operationID: String
    let summary: String
    let tag: String
    /// The action a caller needs at the route's scope (`endpoints/write`); `nil` only for the API's own document.
    let action: String?
    var query: [Query] = []
    var body: Content? = nil
    let outcomes: [Outcome]
    /// The error statuses this route answers besides 401 (documented with the Error schema).
    var errors: [Int] = []
    let handler: @Sendable (ManagementAPI, APIRequest) async throws -> Response

    /// The scope the action is checked at: `/endpoints/NAME` or `/connections/NAME` when the path names one,
    /// else `/`. `parameter` reads a path parameter, percent-decoded.
    func scope(_ parameter: (String) -> String) -> String {
        if path.hasPrefix("/endpoints/{endpoint}") { return "/endpoints/\(parameter("endpoint"))" }
        if path.hasPrefix("/connections/{name}") { return "/connections/\(parameter("name"))" }
        return AccessScope.root
    }

    /// The path's `{parameter}` names, in order.
    var pathParameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.first == "{" && part.last == "}" ? String(part.dropFirst().dropLast()) : nil
        }
    }
}
