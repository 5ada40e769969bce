import FlowSpec
import Hummingbird

/// promptflow's error body, `{"error": {"code": "UserError" | "SystemError", "message": "..."}}`,
/// with the status it is served with. Public so the platform's gateway and router answer in the same bytes.
public struct ErrorResponse: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func user(_ message: String, status: HTTPResponse.Status = .badRequest) -> ErrorResponse {
        ErrorResponse(status: status, code: "UserError", message: message)
    }

    static func system(_ message: String) -> ErrorResponse {
        ErrorResponse(status: .internalServerError, code: "SystemError", message: message)
    }

    /// The unknown-route sentence promptflow answers 404 with; pf names the path without its leading slash
    /// (its catch-all route captures `<path:path>`). The body stays our JSON error envelope (COMPAT §C).
    public static func unsupported(path: String, method: HTTPRequest.Method) -> ErrorResponse {
        let path = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        return .user(
            "The requested api '\(path)' with \(method.rawValue) is not supported by current app, "
                + "if you entered the URL manually please check your spelling and try again.",
            status: .notFound)
    }

    /// The JSON body bytes.
    public var body: ByteBuffer {
        FlaskJSON.body(["error": ["code": .string(code), "message": .string(message)]])
    }

    public var response: Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
