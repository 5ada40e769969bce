import ServiceLifecycle
import Telemetry

/// Runs telemetry's OTLP export next to the server and flushes it after the server has stopped
/// (the service group stops services in reverse order, so this one goes last).
struct TelemetryService: Service {
    let telemetry: ServingTelemetry

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await telemetry.run()
            try await gracefulShutdown()
        }
        await telemetry.shutdown()
    }
}
