import Foundation
import Hummingbird
import Logging
import Platform

/// The management REST API under `/api/v1`: endpoints, deployments, keys, snapshots, operations and connections,
/// principals and roles; every route checks a principal's key and its action, and the OpenAPI document it serves
/// describes both (one route table drives router and document). Writes and refusals go to the audit log.
public struct ManagementAPI: Sendable {
    /// Where every route lives.
    public static let basePath = "/api/v1"

    let controlPlane: ControlPlane
    /// Principals' keys and role assignments: who a key is and what it may do.
    public let access: AccessControl
    /// A bootstrap check besides `access`: a key it accepts is the built-in principal `admin`.
    let authenticate: (@Sendable (String) -> Bool)?
    /// Where requests that change something, refusals and secret reads are recorded (`GET /api/v1/audit`).
    let audit: AuditTrail
    let logger: Logger

    /// `authenticate` decides whether a presented bearer key is the admin key (compare it in constant time); that key
    /// is the built-in principal `admin`, Owner at `/`. Other keys are principals' keys in the store.
    public init(controlPlane: ControlPlane, authenticate: @escaping @Sendable (String) -> Bool, logger: Logger) {
        self.controlPlane = controlPlane
        self.access = AccessControl(store: controlPlane.store, adminKey: nil)
        self.authenticate = authenticate
        self.audit = AuditTrail(store: controlPlane.store, logger: logger)
        self.logger = logger
    }

    /// The API with `adminKey` as the key of the built-in principal `admin` (Owner at `/`).
    public init(controlPlane: ControlPlane, adminKey: String, logger: Logger) {
        self.controlPlane = controlPlane
        self.access = AccessControl(store: controlPlane.store, adminKey: adminKey)
        self.authenticate = nil
        self.audit = AuditTrail(store: controlPlane.store, logger: logger)
        self.logger = logger
    }

    /// The principal a presented key belongs to, or `nil`.
    func principal(forKey key: String) async throws -> String? {
        if let authenticate, authenticate(key) { return Principal.adminName }
        return try await access.principal(forKey: key)
    }

    /// Adds every route under `/api/v1` to `router`, each behind the bearer-key and action checks and audited
    /// (`dispatch`).
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group(RouterPath(Self.basePath))
        let authentication = BearerAuthentication(resolve: { key in try await self.principal(forKey: key) })
        for route in Self.routes {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                let channel = (context as? any ConnectionAwareContext)?.channel
                return await self.dispatch(
                    route, APIRequest(request: request, parameters: context.parameters, channel: channel),
                    authentication)
            }
        }
    }

    /// Runs a handler and turns what it throws into the API's JSON error; 500s are logged without the request.
    func respond(_ route: APIRoute, _ request: APIRequest) async -> Response {
        do {
            return try await route.handler(self, request)
        } catch {
            let answer = (error as? AccessError).map(APIError.init(access:)) ?? APIError(error)
            if answer.status == .internalServerError {
                logger.error(
                    "management request failed",
                    metadata: [
                        "operation": .string(route.operationID), "error": .string(String(describing: error)),
                    ])
            }
            return answer.response
        }
    }

    /// Runs `body` again (up to three times) when the store says the resource changed since it was read,
    /// so a user's change does not fail because the reconciler wrote the resource's state meanwhile.
    func retryingConflicts<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as StoreError {
                guard case .versionConflict = error, attempt < 2 else { throw error }
                attempt += 1
            }
        }
    }
}
