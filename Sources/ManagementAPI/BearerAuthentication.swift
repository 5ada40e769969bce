import Foundation
import Hummingbird
import Platform

/// Reads `Authorization: Bearer <key>` and maps the key to a principal with `resolve`; a missing, malformed or
/// unknown key is a 401 with `WWW-Authenticate: Bearer realm="flowgate"`. Run by the route dispatch (not as a
/// middleware) so a refusal is audited with the route's action. The key is never logged or kept.
struct BearerAuthentication: Sendable {
    let resolve: @Sendable (String) async throws -> String?

    /// The principal the request's key belongs to, or the error to answer with.
    func principal(of request: Request) async -> Result<String, APIError> {
        guard let header = request.headers[.authorization] else {
            return .failure(.unauthorized("this API needs 'Authorization: Bearer <API key>'"))
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(.unauthorized("the Authorization header must be 'Bearer <API key>'"))
        }
        let key = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let principal: String?
        do {
            principal = try await resolve(key)
        } catch {
            return .failure(.internalError("the API key cannot be checked now"))
        }
        guard let principal else { return .failure(.unauthorized("the API key is not valid")) }
        return .success(principal)
    }
}
