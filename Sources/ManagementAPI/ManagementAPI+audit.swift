import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// The route dispatch: authenticate the bearer key, check the route's action, run the handler, and record the
/// request in the audit log when it changed something or read a secret (any method but GET: `get-credentials` is a
/// POST) or was refused (401/403). A refused key is recorded as `anonymous`, never as the key; bodies are never recorded.
extension ManagementAPI {
    /// The header a request id comes in and goes back out under.
    static let requestIDHeader = HTTPField.Name("x-request-id")!

    /// Authenticates, authorizes, runs and audits one request; the answer carries its `x-request-id`.
    func dispatch(_ route: APIRoute, _ request: APIRequest, _ authentication: BearerAuthentication) async -> Response {
        let requestID = Self.requestID(of: request.request)
        var response: Response
        var caller: (name: String, kind: String)?
        switch await authentication.principal(of: request.request) {
        case .failure(let error):
            response = error.response
            caller = (AuditEvent.anonymous, AuditEvent.anonymous)
        case .success(let principal):
            let audited = Self.isAudited(route)
            // Read before the handler runs: a principal deleting itself is still known by its kind.
            let kind = audited ? await principalKind(principal) : nil
            response = await CurrentPrincipal.$name.withValue(principal) {
                if let refusal = await self.authorize(route, request) { return refusal }
                return await self.respond(route, request)
            }
            if audited || AuditEvent.Outcome(status: Int(response.status.code)) == .denied {
                if let kind {
                    caller = (principal, kind)
                } else {
                    caller = (principal, await principalKind(principal))
                }
            }
        }
        if let caller {
            await audit.record(
                AuditEvent(
                    principal: caller.name, principalKind: caller.kind, action: route.action ?? "",
                    method: route.method.rawValue, target: request.request.uri.path,
                    status: Int(response.status.code), requestID: requestID))
        }
        if response.headers[Self.requestIDHeader] == nil { response.headers[Self.requestIDHeader] = requestID }
        return response
    }

    /// Whether every answer of `route` is audited, not only its refusals.
    static func isAudited(_ route: APIRoute) -> Bool {
        route.method != .get && route.method != .head
    }

    /// The request's `x-request-id` when it sent one, else a new random id.
    static func requestID(of request: Request) -> String {
        if let id = request.headers[requestIDHeader], !id.isEmpty { return String(id.prefix(AuditEvent.maxTextLength)) }
        return UUID().uuidString.lowercased()
    }

    /// The principal's kind as the audit log writes it; the built-in admin is a user.
    func principalKind(_ name: String) async -> String {
        if name == Principal.adminName { return Principal.Kind.user.rawValue }
        do {
            return try await controlPlane.store.principal(named: name).kind.rawValue
        } catch {
            return "unknown"
        }
    }
}
