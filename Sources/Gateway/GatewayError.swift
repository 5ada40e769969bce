import FlowServer
import HTTPTypes
import Hummingbird

/// An answer the gateway gives itself (not the instance's): a status and promptflow's error body,
/// `{"error": {"code": "UserError", "message": "..."}}`, plus headers such as `WWW-Authenticate`.
struct GatewayError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var headers: HTTPFields = [:]

    static func user(_ message: String, status: HTTPResponse.Status) -> GatewayError {
        GatewayError(status: status, code: "UserError", message: message)
    }

    static func unauthorized(_ message: String) -> GatewayError {
        GatewayError(
            status: .unauthorized, code: "UserError", message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// A refused token (RFC 6750): `WWW-Authenticate: Bearer error="invalid_token", error_description="<reason>"`.
    static func invalidToken(_ reason: String, endpoint: String) -> GatewayError {
        let quoted = ModelError.headerSafe(reason).replacingOccurrences(of: "\"", with: "'")
        return GatewayError(
            status: .unauthorized, code: "UserError",
            message: "The token is not valid for endpoint '\(endpoint)': \(reason)",
            headers: [.wwwAuthenticate: #"Bearer error="invalid_token", error_description=""# + quoted + #"""#])
    }

    static func notFound(_ message: String) -> GatewayError {
        .user(message, status: .notFound)
    }

    static func tooManyRequests(_ message: String) -> GatewayError {
        .user(message, status: .tooManyRequests)
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let body = ErrorResponse(status: status, code: code, message: message).body
        return Response(status: status, headers: fields, body: .init(byteBuffer: body))
    }
}
