import Hummingbird

/// CORS for the configured origins (`*` allows any): answers preflights (`OPTIONS` with
/// `Access-Control-Request-Method`) and marks allowed responses; other origins get no CORS headers.
struct CORSPolicyMiddleware: RouterMiddleware {
    typealias Context = FlowRequestContext
    let allowsAny: Bool
    let origins: Set<String>

    init(origins: [String]) {
        self.allowsAny = origins.contains("*")
        self.origins = Set(origins)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = allowsAny || origins.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else {
                return ErrorResponse.user("The origin '\(origin)' is not allowed.", status: .forbidden).response
            }
            var headers: HTTPFields = [
                .accessControlAllowOrigin: allowsAny ? "*" : origin,
                .accessControlAllowMethods: "GET, POST, OPTIONS",
                .accessControlMaxAge: "600",
                .vary: "Origin",
            ]
            headers[.accessControlAllowHeaders] =
                request.headers[.accessControlRequestHeaders]
                ?? "Content-Type, Accept, Authorization, x-request-id, x-ms-client-request-id, traceparent, tracestate, baggage"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if allowed {
            response.headers[.accessControlAllowOrigin] = allowsAny ? "*" : origin
            response.headers[.accessControlExposeHeaders] = "x-request-id, x-ms-client-request-id"
            if !allowsAny { response.headers[.vary] = "Origin" }
        }
        return response
    }
}
