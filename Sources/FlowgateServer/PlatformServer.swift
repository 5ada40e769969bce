import Console
import Foundation
import Gateway
import Hummingbird
import Logging
import ManagementAPI
import Platform

/// `flowgate server`: the management API (`/api/v1`), the data-plane gateway (`/endpoints/{name}/…`), `/health`
/// and `/metrics` on one port, over one `ControlPlane` (state in SQLite under the data directory).
public final class PlatformServer: Sendable {
    public let configuration: PlatformServerConfiguration
    public let controlPlane: ControlPlane
    public let gateway: Gateway
    public let api: ManagementAPI
    /// The bootstrap admin key, and whether this start created it (then it is printed once).
    public let adminKey: String
    public let adminKeyCreated: Bool
    /// Scoring and swagger URIs start with this: with port 0 and no public URL, known once the server is bound
    /// (`makeServiceGroup`'s `onReady` has been called).
    public var baseURL: URL { controlPlane.configuration.publicURL }
    let logger: Logger

    public init(configuration: PlatformServerConfiguration) throws {
        var logger = Logger(label: "flowgate.server")
        logger.logLevel = configuration.logLevel
        self.logger = logger
        self.configuration = configuration
        try configuration.directory.create()
        let admin = try AdminKeyFile(directory: configuration.directory).loadOrCreate()
        self.adminKey = admin.key
        self.adminKeyCreated = admin.created
        self.controlPlane = try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: configuration.directory, baseURL: configuration.makeBaseURL(),
                environment: configuration.environment),
            logger: logger)
        self.gateway = Gateway(
            live: controlPlane.live, history: controlPlane.reconciler.metricsHistory, logger: logger)
        // The admin key is the key of the built-in principal `admin`, Owner at `/`; other principals' keys are in the store.
        self.api = ManagementAPI(controlPlane: controlPlane, adminKey: admin.key, logger: logger)
    }

    /// Every route: `/api/v1/…`, `/endpoints/{name}/…`, `/health`, `/metrics`, and the console at `/`.
    public func makeRouter() -> Router<PlatformRequestContext> {
        let router = Router(context: PlatformRequestContext.self)
        router.add(middleware: UnknownRouteMiddleware())
        api.addRoutes(to: router)
        gateway.addRoutes(to: router)
        ConsoleRoutes().add(to: router)
        router.get("/health") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"Healthy"}"#)))
        }
        router.get("/metrics") { _, _ in
            let text = self.gateway.metricsText() + self.controlPlane.reconciler.metricsText()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }
}
