import FlowEngine
import FlowServer
import FlowSpec
import Foundation
import Hummingbird
import Logging
import Platform
import PythonHost
import Telemetry

/// A test double instance over a real `FlowServer` (real python workers) for one of the bundled example flows,
/// as the reconciler's in-process instance does it: `score` is `FlowServer.score(_:requestID:)`. Call `close()`.
final class FlowServerTestInstance: ScoringInstance {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/flows")

    let id: String
    let server: FlowServer
    private let pool: PythonWorkerPool?

    /// Serves the bundled example `example` (connections point at `llmURL` when given).
    convenience init(id: String, example: String, llmURL: String? = nil) async throws {
        try await self.init(id: id, flowPath: Self.examples.appendingPathComponent(example).path, llmURL: llmURL)
    }

    /// Serves the flow at `flowPath` with `limits` (e.g. a short line timeout).
    init(
        id: String, flowPath: String, llmURL: String? = nil, limits: FlowServerLimits = FlowServerLimits()
    ) async throws {
        self.id = id
        let flow = try FlowLoader.load(path: flowPath)
        pool =
            flow.pythonTools.isEmpty && flow.kind != .flex
            ? nil
            : PythonWorkerPool(
                configuration: PythonWorkerConfiguration(
                    python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
                size: 1)
        let connections = llmURL.map { TestLLMConnections(baseURL: $0) }
        let executor = try await FlowExecutor(flow: flow, connections: connections, pythonRunner: pool)
        var quiet = Logger(label: "flowgate.gateway.test")
        quiet.logLevel = .error
        server = try FlowServer(
            executor: executor, configuration: FlowServerConfiguration(port: 0, limits: limits),
            telemetry: ServingTelemetry(configuration: TelemetryConfiguration(flowName: flow.name), logger: quiet),
            logger: quiet)
    }

    func score(_ request: Request, requestID: String) async -> Response {
        await server.score(request, requestID: requestID)
    }

    func swaggerJSON() async -> ByteBuffer {
        server.swaggerBody
    }

    /// The answer of `flowgate flow serve` itself for the same request, for byte comparisons.
    func scoreDirectly(_ body: String, accept: String? = nil) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let accept { headers[.accept] = accept }
        let request = Request(
            head: HTTPRequest(
                method: .post, scheme: "http", authority: "localhost", path: "/score", headerFields: headers),
            body: RequestBody(buffer: ByteBuffer(string: body)))
        let response = await server.score(request, requestID: "direct")
        return (response.status, String(buffer: try await ResponseText.collect(response.body)))
    }

    func close() {
        pool?.shutdown()
    }
}

/// Every connection an example asks for points at a `TestLLMServer`.
struct TestLLMConnections: ConnectionProvider {
    let baseURL: String

    func connection(named name: String) async throws -> Connection? {
        Connection(name: name, type: "open_ai", configs: ["base_url": baseURL], secrets: ["api_key": "sk-test"])
    }
}
