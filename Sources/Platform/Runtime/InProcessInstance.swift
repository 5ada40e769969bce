import FlowEngine
import FlowServer
import FlowSpec
import Foundation
import Hummingbird
import Logging
import PythonHost
import Synchronization
import Telemetry

/// One replica of a deployment inside the server process: a `FlowExecutor` over the deployment's snapshot with
/// its own Python worker pool, behind a `FlowServer` that answers `/score` exactly as `flowgate flow serve` does.
public final class InProcessInstance: ScoringInstance {
    public let id: String
    let server: FlowServer
    let pool: PythonWorkerPool?
    private let inFlight = Mutex(0)
    private let stopped = Mutex(false)

    init(id: String, server: FlowServer, pool: PythonWorkerPool?) {
        self.id = id
        self.server = server
        self.pool = pool
    }

    /// Starts an instance: its workers (the executor inspects the flow's tools on them) and its server.
    /// Throws what loading the flow threw (`FlowRunError`, `ConnectionError`, `FlowServerConfigurationError`).
    static func start(id: String, blueprint: InstanceBlueprint) async throws -> InProcessInstance {
        let logger = blueprint.logger(source: id)
        var pool: PythonWorkerPool?
        if blueprint.needsPython {
            let log = blueprint.ring
            let configuration = PythonWorkerConfiguration(
                python: blueprint.python, flowDirectory: blueprint.flow.directory,
                additionalIncludes: blueprint.flow.additionalIncludes, environment: blueprint.workerEnvironment,
                logSink: { line in log.append(source: id, text: line) })
            pool = PythonWorkerPool(configuration: configuration, size: blueprint.pythonWorkers)
        }
        do {
            let executor = try await FlowExecutor(
                flow: blueprint.flow, connections: blueprint.connections, pythonRunner: pool)
            var telemetryConfiguration = TelemetryConfiguration(
                flowName: executor.flow.name,
                commonDimensions: [("deployment", blueprint.deployment), ("endpoint", blueprint.endpoint)],
                traceStoreCapacity: 200)
            telemetryConfiguration.traceStoreMaxBytes = 8 << 20
            // The deployment's "tracing on" (the console wizard sets it): a process instance's child reads the same
            // variable from its environment.
            telemetryConfiguration.recordInputs =
                blueprint.workerEnvironment["FLOWGATE_TRACE_RECORD_INPUTS"]?.lowercased() == "true"
            if let limit = blueprint.workerEnvironment["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT"].flatMap({ Int($0) }),
                limit > 0
            {
                telemetryConfiguration.attributeValueLengthLimit = limit
            }
            let telemetry = ServingTelemetry(
                configuration: telemetryConfiguration, sharingMetricsWith: blueprint.metrics, logger: logger)
            let server = try FlowServer(
                executor: executor, configuration: blueprint.server, telemetry: telemetry, logger: logger)
            logger.info("instance started", metadata: ["flow": "\(executor.flow.name)"])
            return InProcessInstance(id: id, server: server, pool: pool)
        } catch {
            pool?.shutdown()
            throw error
        }
    }

    public func score(_ request: Request, requestID: String) async -> Response {
        inFlight.withLock { $0 += 1 }
        var response = await server.score(request, requestID: requestID)
        guard response.body.contentLength == nil else {
            leave()
            return response
        }
        // A streamed answer is still running until its body is written.
        let body = response.body
        response.body = ResponseBody { writer in
            defer { self.leave() }
            try await body.write(writer)
        }
        return response
    }

    private func leave() {
        inFlight.withLock { $0 -= 1 }
    }

    public func swaggerJSON() async -> ByteBuffer {
        server.swaggerBody
    }

    /// Requests being answered now (streamed answers count until their last byte).
    public var requestsInFlight: Int { inFlight.withLock { $0 } }

    /// The in-process readiness probe: the flow is loaded and, when it runs Python, a worker answers a round trip
    /// within `timeout`.
    func isHealthy(timeout: Duration) async -> Bool {
        guard let pool else { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await pool.echo(Data("{}".utf8))) != nil }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Waits until no request is in flight, or `limit` passed.
    func drain(limit: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while requestsInFlight > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the instance's Python workers; requests still running fail.
    public func stop() {
        stopped.withLock { $0 = true }
        pool?.shutdown()
    }

    /// The instance's Python workers (none when the flow runs no Python).
    public var ownedProcessIDs: [Int32] { pool?.workerProcessIdentifiers ?? [] }

    /// Whether `stop()` was called.
    public var isStopped: Bool { stopped.withLock { $0 } }
}
