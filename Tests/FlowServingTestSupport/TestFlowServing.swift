import FlowEngine
import FlowServer
import FlowSpec
import Logging
import PythonHost
import Telemetry

/// Test support only: a real `FlowServer` over the flow at a path, built as `flowgate flow serve` builds one (real
/// python workers when the flow has python tools or is a flex flow; llm connections pointing at a
/// `TestLLMServer` when given), with its logs quiet. Call `close()` when done.
public struct TestFlowServing: Sendable {
    public let server: FlowServer
    public let pool: PythonWorkerPool?

    /// Loads the flow at `flowPath` and serves it with `configuration` and `workers` python workers.
    public init(
        flowPath: String, llmURL: String? = nil, configuration: FlowServerConfiguration, workers: Int,
        logLabel: String
    ) async throws {
        let flow = try FlowLoader.load(path: flowPath)
        pool =
            flow.pythonTools.isEmpty && flow.kind != .flex
            ? nil
            : PythonWorkerPool(
                configuration: PythonWorkerConfiguration(
                    python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
                size: workers)
        let connections = llmURL.map { TestLLMConnections(baseURL: $0) }
        let executor = try await FlowExecutor(flow: flow, connections: connections, pythonRunner: pool)
        var quiet = Logger(label: logLabel)
        quiet.logLevel = .error
        server = try FlowServer(
            executor: executor, configuration: configuration,
            telemetry: ServingTelemetry(configuration: TelemetryConfiguration(flowName: flow.name), logger: quiet),
            logger: quiet)
    }

    /// Stops the python workers.
    public func close() {
        pool?.shutdown()
    }
}

/// Test support only: every connection a flow asks for is an `open_ai` connection to a `TestLLMServer`.
public struct TestLLMConnections: ConnectionProvider {
    public let baseURL: String

    public init(baseURL: String) { self.baseURL = baseURL }

    public func connection(named name: String) async throws -> Connection? {
        Connection(name: name, type: "open_ai", configs: ["base_url": baseURL], secrets: ["api_key": "sk-test"])
    }
}
