import ArgumentParser
import Console
import FlowEngine
import FlowServer
import FlowSpec
import Foundation
import Logging
import Platform
import Telemetry

/// `flowgate flow serve DIR|FILE`: serves one flow over HTTP with promptflow's contract (`/score`, `/health`,
/// `/version`, `/swagger.json`, `/feedback`, `/metrics`, `/traces`) until SIGINT or SIGTERM.
struct FlowServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a flow over HTTP as promptflow's `pf flow serve` does.",
        discussion: """
            The flow's environment_variables are set where the environment has none; --environment-variables \
            override both. PF_LINE_TIMEOUT_SEC (or --line-timeout) bounds one run (408 when exceeded); \
            PROMPTFLOW_RESPONSE_INCLUDED_FIELDS selects the outputs returned; BUILD_INFO is reported by /version.
            Connections come from the local store (--data-dir, $FLOWGATE_HOME, ~/.flowgate), PROMPTFLOW_CONNECTIONS \
            and the environment overrides. SIGINT or SIGTERM stop accepting requests and let in-flight ones finish.
            """)

    @Argument(help: "The flow folder, its flow.dag.yaml, a .prompty file or a flow.flex.yaml.", completion: .file())
    var path: String

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(
        name: .long, parsing: .upToNextOption, help: "Environment variables as name=value; they win over the flow's.")
    var environmentVariables: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Origins allowed by CORS ('*' for any; default none).")
    var corsOrigins: [String] = []

    @Option(name: .long, help: "Python worker processes (default: the number of cores).")
    var workers: Int?

    @Option(
        name: .long,
        help: "Seconds one run may take before it is cancelled with 408 (default PF_LINE_TIMEOUT_SEC or 600).")
    var lineTimeout: Double?

    @Option(name: .long, help: "Runs executing at once; more wait in a queue.")
    var maxConcurrentRuns = 64

    @Option(name: .long, help: "Requests that may wait for a run; beyond that the answer is 429.")
    var maxQueuedRuns = 256

    @Option(name: .long, help: "The data directory holding the connection store.", completion: .directory)
    var dataDir: String?

    @Option(
        name: .long, help: "Log level on standard error: trace, debug, info (one line per request), warning, error.")
    var logLevel = "info"

    @Flag(
        name: .long,
        help: "Stop (as on SIGTERM) when the process that started this one exits; flowgate server's process instances use it.")
    var exitWithParent = false

    @Option(name: .long, help: .hidden)
    var variant: String?

    @Option(name: .customLong("connection-override"), help: .hidden)
    var connectionOverrides: [String] = []

    func validate() throws {
        for item in environmentVariables where !item.contains("=") || item.hasPrefix("=") {
            throw ValidationError("--environment-variables: '\(item)' is not name=value.")
        }
        for item in connectionOverrides where !item.contains("=") || item.hasPrefix("=") || item.hasSuffix("=") {
            throw ValidationError("--connection-override: '\(item)' is not node_or_connection=connection.")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
        if let lineTimeout, !(lineTimeout > 0) { throw ValidationError("--line-timeout must be a positive number.") }
        guard maxConcurrentRuns >= 1, maxQueuedRuns >= 0 else {
            throw ValidationError("--max-concurrent-runs must be at least 1 and --max-queued-runs at least 0.")
        }
    }

    func run() async throws {
        if exitWithParent { ParentWatch.start(logger: Logger(label: "flowgate.serve")) }
        var flow: Flow
        do {
            flow = try FlowLoader.load(path: path)
        } catch {
            printError(ValidationReport(path: path, error: error).text)
            throw ExitCode(1)
        }
        let mapping = try deploymentSettings(&flow)
        let overrides = environmentVariables.map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        FlowServeEnvironment.apply(flow: flow, overrides: overrides)
        let environment = ProcessInfo.processInfo.environment
        var logger = Logger(label: "flowgate.serve")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration: FlowServerConfiguration
        let telemetry: ServingTelemetry
        do {
            configuration = try FlowServerConfiguration(
                host: host, port: port,
                limits: FlowServerLimits(maxConcurrentRuns: maxConcurrentRuns, maxQueuedRuns: maxQueuedRuns),
                corsOrigins: corsOrigins
            ).reading(environment: environment)
            var telemetryLogger = logger
            telemetryLogger[metadataKey: "component"] = "telemetry"
            telemetry = ServingTelemetry(
                configuration: try TelemetryConfiguration.fromEnvironment(
                    flowName: flow.name, environment: environment),
                logger: telemetryLogger)
        } catch {
            throw CLIError("\(error)")
        }
        if let lineTimeout { configuration.limits.lineTimeoutSeconds = lineTimeout }
        configuration.extraRoutes = { ConsoleRoutes(page: "flowpage.html").add(to: $0) }
        let size = workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let pool = try await FlowRuntime.pythonPool(for: flow, dataDir: dataDir, size: size)
        defer { pool?.shutdown() }
        let executor: FlowExecutor
        do {
            executor = try await FlowExecutor(
                flow: flow,
                connections: FlowRuntime.connections(for: flow, dataDir: dataDir).map { mapping.provider(over: $0) },
                pythonRunner: pool)
        } catch let error as FlowRunError {
            throw CLIError("\(error.kind.rawValue): \(error.message)")
        }
        let server: FlowServer
        do {
            server = try FlowServer(
                executor: executor, configuration: configuration, telemetry: telemetry, logger: logger)
        } catch {
            throw CLIError(error.description)
        }
        let banner = FlowServeBanner(flow: flow, host: host)
        do {
            try await server.run { port in banner.print(port: port) }
        } catch {
            if "\(error)".contains("Address already in use") {
                throw CLIError("Port \(port) on \(host) is already in use; stop the other server or choose --port.")
            }
            throw CLIError("The server stopped: \(error)")
        }
        LogLineWriter.standardError.flush()
        printError("Server stopped.")
    }
}

extension FlowServeCommand {
    /// What a process instance's parent asks for with the hidden options, applied as an in-process instance applies
    /// it: the variant becomes its node's default, node overrides are written into the flow, and the returned
    /// overrides map connection names when connections are looked up.
    func deploymentSettings(_ flow: inout Flow) throws -> ConnectionOverrides {
        if let variant {
            do {
                let selection = try flow.variantSelection(variant)
                flow.nodeVariants[selection.node]?.defaultVariantID = selection.variant
            } catch {
                throw CLIError("--variant: " + error.diagnostics.map(\.message).joined(separator: "; "))
            }
        }
        var map: [String: String] = [:]
        for item in connectionOverrides {
            let parts = item.split(separator: "=", maxSplits: 1)
            map[String(parts[0])] = String(parts[1])
        }
        let overrides = ConnectionOverrides(map, flow: flow)
        flow = overrides.apply(to: flow)
        return overrides
    }
}
