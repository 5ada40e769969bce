import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

extension FlowServer {
    /// The Hummingbird application; `onReady` gets the bound port once the server accepts connections.
    public func makeApplication(
        onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let port = configuration.port
        return Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: port)),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The service group `run` runs: the application, stopped gracefully on `signals` (in-flight requests finish
    /// within `shutdownGracePeriod`, then are cancelled).
    public func makeServiceGroup(
        signals: [UnixSignal] = [.sigterm, .sigint], onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> ServiceGroup {
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: TelemetryService(telemetry: telemetry), successTerminationBehavior: .ignore),
                .init(service: makeApplication(onReady: onReady)),
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
