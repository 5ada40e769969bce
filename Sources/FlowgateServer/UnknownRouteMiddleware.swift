import FlowServer
import Hummingbird

/// Answers a path no route serves with a JSON error body instead of Hummingbird's empty 404, in the shape of the
/// part of the server the path is under: the management API's `{"error": {"code": "NotFound", …}}`, or
/// promptflow's unknown-route sentence in its `UserError` envelope elsewhere (as `flowgate flow serve` answers).
struct UnknownRouteMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            let path = request.uri.path
            guard path == "/api/v1" || path.hasPrefix("/api/v1/") else {
                return ErrorResponse.unsupported(path: path, method: request.method).response
            }
            let message =
                "No route serves \(request.method.rawValue) \(path.prefix(200)). "
                + "The routes are listed in /api/v1/openapi.json."
            return ErrorResponse(status: error.status, code: "NotFound", message: message).response
        }
    }
}
