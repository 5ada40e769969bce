import Foundation
import Hummingbird
import Logging
import Platform
import ServiceLifecycle
import UnixSignals

extension PlatformServer {
    /// The service group `run` runs: the reconciler and the HTTP application. On SIGINT/SIGTERM the application
    /// stops accepting and finishes in-flight requests first (services stop in reverse order), then the gateway's
    /// open streams drain and the instances and their Python workers stop, all within `shutdownGracePeriod`.
    public func makeServiceGroup(
        signals: [UnixSignal] = [.sigterm, .sigint], onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> ServiceGroup {
        let info = ServerInfoFile(directory: configuration.directory)
        let baseURL = controlPlane.configuration.baseURL
        let configuration = self.configuration
        let logger = self.logger
        let application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                // With port 0 the kernel picked the port when binding: the URL callers are given names that one.
                let port = channel.localAddress?.port ?? configuration.port
                let url = baseURL.set(configuration.baseURL(port: port))
                do {
                    try info.write(serverURL: url)
                } catch {
                    logger.warning("cannot write \(info.url.path): \(error)")
                }
                await onReady(port)
            },
            logger: logger)
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: ReconcilerService(server: self)),
                .init(service: application),
                // Last, so shut down first: open `logs?follow=true` answers end before the application waits for
                // its requests to finish.
                .init(service: LogFollowersService(reconciler: controlPlane.reconciler)),
            ],
            gracefulShutdownSignals: signals,
            logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        return ServiceGroup(configuration: group)
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully.
    public func run(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeServiceGroup(onReady: onReady).run()
    }
}

/// Runs the reconciler beside the HTTP server; at shutdown (after the server stopped accepting) waits for the
/// gateway's in-flight requests, then stops every instance and the bulk runs still going.
struct ReconcilerService: Service {
    let server: PlatformServer

    func run() async throws {
        let reconciler = server.controlPlane.reconciler
        try? await cancelWhenGracefulShutdown {
            try await reconciler.run()
            try await gracefulShutdown()
        }
        await server.gateway.drain()
        await reconciler.shutdown()
        await server.controlPlane.runs.shutdown()
    }
}

/// Ends the deployment-log followers when the server is told to stop, so an open `follow` answer does not hold up
/// the application's shutdown (which waits for every request to finish).
struct LogFollowersService: Service {
    let reconciler: Reconciler

    func run() async throws {
        try? await gracefulShutdown()
        reconciler.endLogFollowing()
    }
}
