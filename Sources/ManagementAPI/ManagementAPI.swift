import Foundation
import Hummingbird
import Logging
import Platform

/// The management REST API under `/api/v1`: endpoints, deployments, keys, snapshots, operations and connections,
/// every route behind the admin key, described by the OpenAPI document it serves (one route table drives both).
public struct ManagementAPI: Sendable {
    /// Where every route lives.
    public static let basePath = "/api/v1"

    let controlPlane: ControlPlane
    let authenticate: @Sendable (String) -> Bool
    let logger: Logger

    /// `authenticate` decides whether a presented bearer key is an admin key (compare it in constant time).
    public init(controlPlane: ControlPlane, authenticate: @escaping @Sendable (String) -> Bool, logger: Logger) {
        self.controlPlane = controlPlane
        self.authenticate = authenticate
        self.logger = logger
    }

    /// Adds every route under `/api/v1` to `router`, behind the bearer-key check.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let group = router.group(RouterPath(Self.basePath))
            .add(middleware: BearerAuthMiddleware<Context>(authenticate: authenticate))
        for route in Self.routes {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                await self.respond(route, APIRequest(request: request, parameters: context.parameters))
            }
        }
    }

    /// Runs a handler and turns what it throws into the API's JSON error; 500s are logged without the request.
    private func respond(_ route: APIRoute, _ request: APIRequest) async -> Response {
        do {
            return try await route.handler(self, request)
        } catch {
            let answer = APIError(error)
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
