import Foundation
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <key>` that the verifier accepts;
/// otherwise answers 401 with `WWW-Authenticate: Bearer realm="flowgate"`. The key is never logged.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let authenticate: @Sendable (String) -> Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return APIError.unauthorized("this API needs 'Authorization: Bearer <admin key>'").response
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return APIError.unauthorized("the Authorization header must be 'Bearer <admin key>'").response
        }
        guard authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            return APIError.unauthorized("the API key is not valid").response
        }
        return try await next(request, context)
    }
}
