import Foundation
import Hummingbird
import Platform

/// Lets a request through only with `Authorization: Bearer <key>` that `resolve` maps to a principal, and runs the
/// rest of the request with `CurrentPrincipal.name` set to it; otherwise answers 401 with
/// `WWW-Authenticate: Bearer realm="flowgate"`. The key is never logged.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let resolve: @Sendable (String) async throws -> String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return APIError.unauthorized("this API needs 'Authorization: Bearer <API key>'").response
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return APIError.unauthorized("the Authorization header must be 'Bearer <API key>'").response
        }
        let key = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let principal: String?
        do {
            principal = try await resolve(key)
        } catch {
            return APIError.internalError("the API key cannot be checked now").response
        }
        guard let principal else {
            return APIError.unauthorized("the API key is not valid").response
        }
        return try await CurrentPrincipal.$name.withValue(principal) { try await next(request, context) }
    }
}
