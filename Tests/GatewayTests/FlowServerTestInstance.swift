import FlowServer
import FlowServingTestSupport
import Foundation
import Hummingbird
import Platform

/// A test double instance over a real `FlowServer` (real python workers) for one of the bundled example flows,
/// as the reconciler's in-process instance does it: `score` is `FlowServer.score(_:requestID:)`. Call `close()`.
final class FlowServerTestInstance: ScoringInstance {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/flows")

    let id: String
    private let serving: TestFlowServing
    var server: FlowServer { serving.server }

    /// Serves the bundled example `example` (connections point at `llmURL` when given).
    convenience init(id: String, example: String, llmURL: String? = nil) async throws {
        try await self.init(id: id, flowPath: Self.examples.appendingPathComponent(example).path, llmURL: llmURL)
    }

    /// Serves the flow at `flowPath` with `limits` (e.g. a short line timeout).
    init(
        id: String, flowPath: String, llmURL: String? = nil, limits: FlowServerLimits = FlowServerLimits()
    ) async throws {
        self.id = id
        serving = try await TestFlowServing(
            flowPath: flowPath, llmURL: llmURL, configuration: FlowServerConfiguration(port: 0, limits: limits),
            workers: 1, logLabel: "flowgate.gateway.test")
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
        serving.close()
    }
}

