import FlowSpec
import Hummingbird

/// promptflow's error body, `{"error": {"code": "UserError" | "SystemError", "message": "..."}}`,
/// with the status it is served with.
struct ErrorResponse: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    static func user(_ message: String, status: HTTPResponse.Status = .badRequest) -> ErrorResponse {
        ErrorResponse(status: status, code: "UserError", message: message)
    }

    static func system(_ message: String) -> ErrorResponse {
        ErrorResponse(status: .internalServerError, code: "SystemError", message: message)
    }

    /// The unknown-route sentence promptflow answers 404 with; pf names the path without its leading slash
    /// (its catch-all route captures `<path:path>`). The body stays our JSON error envelope (COMPAT §C).
    static func unsupported(path: String, method: HTTPRequest.Method) -> ErrorResponse {
        let path = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        return .user(
            "The requested api '\(path)' with \(method.rawValue) is not supported by current app, "
                + "if you entered the URL manually please check your spelling and try again.",
            status: .notFound)
    }

    /// The JSON body bytes.
    var body: ByteBuffer {
        FlaskJSON.body(["error": ["code": .string(code), "message": .string(message)]])
    }

    var response: Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
