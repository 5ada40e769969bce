import Foundation
import Hummingbird

/// Answers a path no route serves with a JSON error body instead of Hummingbird's empty 404, in the shape of the
/// part of the server the path is under: the management API's `{"error": {"code": "NotFound", …}}`, or
/// promptflow's `UserError` envelope elsewhere (the gateway's shape).
struct UnknownRouteMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            let path = String(request.uri.path.prefix(200))
            let api = path == "/api/v1" || path.hasPrefix("/api/v1/")
            let message =
                "No route serves \(request.method.rawValue) \(path)."
                + (api ? " The routes are listed in /api/v1/openapi.json." : "")
            let code = api ? "NotFound" : "UserError"
            return Response(
                status: error.status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: Self.body(code: code, message: message))))
        }
    }

    /// `{"error":{"code":…,"message":…}}` with the message escaped as JSON.
    static func body(code: String, message: String) -> String {
        var escaped = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return #"{"error":{"code":"\#(code)","message":"\#(escaped)"}}"#
    }
}
