import FlowSpec
import HTTPTypes
import Hummingbird

/// An answer the management API gives instead of a resource: a status and
/// `{"error": {"code", "message", "details": [{"field", "message"}]}}`. Messages never carry a secret.
struct APIError: Error, Sendable {
    /// One rejected field of a request and why.
    struct Detail: Sendable, Equatable {
        let field: String
        let message: String
    }

    let status: HTTPResponse.Status
    let code: String
    let message: String
    var details: [Detail] = []
    var headers: HTTPFields = [:]

    static func badArgument(_ message: String, details: [Detail] = []) -> APIError {
        APIError(status: .badRequest, code: "BadArgument", message: message, details: details)
    }

    /// A request that fails on one field.
    static func badArgument(field: String, _ message: String) -> APIError {
        badArgument("\(field): \(message)", details: [Detail(field: field, message: message)])
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "NotFound", message: message)
    }

    static func conflict(_ message: String, details: [Detail] = []) -> APIError {
        APIError(status: .conflict, code: "Conflict", message: message, details: details)
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(
            status: .unauthorized, code: "Unauthorized", message: message,
            headers: [.wwwAuthenticate: #"Bearer realm="flowgate""#])
    }

    static func payloadTooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge, code: "PayloadTooLarge",
            message: "the request body is larger than \(limit) bytes")
    }

    static func internalError(_ message: String) -> APIError {
        APIError(status: .internalServerError, code: "InternalError", message: message)
    }

    /// The error as an HTTP response with a JSON body.
    var response: Response {
        var error: FlowObject = ["code": .string(code), "message": .string(message)]
        if !details.isEmpty {
            error["details"] = .list(
                details.map { .object(["field": .string($0.field), "message": .string($0.message)]) })
        }
        var response = JSONBody.response(.object(["error": .object(error)]), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}
