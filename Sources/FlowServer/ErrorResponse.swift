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

    /// The unknown-route sentence promptflow answers 404 with.
    static func unsupported(path: String, method: HTTPRequest.Method) -> ErrorResponse {
        .user(
            "The requested api '\(path)' with \(method.rawValue) is not supported by current app, "
                + "if you entered the URL manually please check your spelling and try again.",
            status: .notFound)
    }

    /// The JSON body bytes.
    var body: ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(message.utf8.count + 48)
        out.append(contentsOf: #"{"error":{"code":"#.utf8)
        out.append(contentsOf: FlowValue.jsonString(code, style: .compact).utf8)
        out.append(contentsOf: #","message":"#.utf8)
        out.append(contentsOf: FlowValue.jsonString(message, style: .compact).utf8)
        out.append(contentsOf: "}}".utf8)
        return ByteBuffer(bytes: out)
    }

    var response: Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
