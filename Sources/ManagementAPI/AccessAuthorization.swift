import Hummingbird
import Platform

extension ManagementAPI {
    /// The 403 (or 500) to answer instead of running `route`, or `nil` when the request's principal holds the
    /// route's action at the route's scope (routes without an action need only a valid key).
    func authorize(_ route: APIRoute, _ request: APIRequest) async -> Response? {
        guard let routeAction = route.action, !Self.checkedAtTarget.contains(route.operationID) else { return nil }
        guard let principal = CurrentPrincipal.name else {
            return APIError.unauthorized("the API key is not valid").response
        }
        let scope = route.scope { request.path($0) }
        var action = routeAction
        do {
            // get-credentials on an aml_token endpoint issues a token: that needs the invoker's action, not listkeys.
            if route.operationID == "getEndpointCredentials",
                (try? await controlPlane.store.endpoint(named: request.path("endpoint")))?.authMode == .amlToken
            {
                action = Self.tokenAction
            }
            if try await access.isAllowed(principal, action: action, scope: scope) { return nil }
        } catch {
            logger.error(
                "authorization check failed",
                metadata: ["operation": .string(route.operationID), "error": .string(String(describing: error))])
            return APIError.internalError("the authorization check failed").response
        }
        return APIError.authorizationFailed(principal: principal, action: action, scope: scope).response
    }

    /// Routes whose scope is not in the path but in what they change (an assignment's scope): their handlers call
    /// `require(_:scope:)` there, so an Owner of one endpoint can grant roles on that endpoint only.
    /// What getting a token of an `aml_token` endpoint needs (Endpoint Invoker holds it).
    static let tokenAction = "endpoints/token/action"

    static let checkedAtTarget: Set<String> = ["createRoleAssignment", "deleteRoleAssignment"]

    /// Throws 403 unless the request's principal holds `action` at `scope`.
    func require(_ action: String, scope: String) async throws {
        guard let principal = CurrentPrincipal.name else { throw APIError.unauthorized("the API key is not valid") }
        guard try await access.isAllowed(principal, action: action, scope: scope) else {
            throw APIError.authorizationFailed(principal: principal, action: action, scope: scope)
        }
    }
}
