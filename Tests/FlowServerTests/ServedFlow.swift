import FlowServer
import FlowServingTestSupport
import FlowSpec
import Foundation
import Hummingbird
import HummingbirdTesting

/// A flow written into a temporary folder and served by a real `FlowServer` (real python workers,
/// connections pointing at the test LLM server when given). Call `close()` when done.
final class ServedFlow: Sendable {
    let directory: URL
    let serving: TestFlowServing
    var server: FlowServer { serving.server }

    init(
        files: [String: String], configuration: FlowServerConfiguration = ServedFlow.configuration(),
        llmURL: String? = nil, entry: String? = nil
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        serving = try await TestFlowServing(
            flowPath: directory.appendingPathComponent(entry ?? "").path, llmURL: llmURL,
            configuration: configuration, workers: 2, logLabel: "flowgate.serve.test")
    }

    /// Test defaults: a free port, promptflow's limits.
    static func configuration(
        limits: FlowServerLimits = FlowServerLimits(), cors: [String] = [], includedFields: [String]? = nil,
        buildInfo: String = ""
    ) -> FlowServerConfiguration {
        FlowServerConfiguration(
            port: 0, limits: limits, corsOrigins: cors, buildInfo: buildInfo, includedFields: includedFields)
    }

    func test<Value>(
        _ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await server.makeApplication().test(setup, body)
    }

    func close() {
        serving.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension TestClientProtocol {
    /// POST /score with `body`, `Accept` and extra headers.
    func score(
        _ body: String, accept: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = "application/json"
        if let accept { fields[.accept] = accept }
        return try await execute(uri: "/score", method: .post, headers: fields, body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// promptflow's error body as Flask's `jsonify` writes it (and Flowgate after it).
func errorBody(_ code: String, _ message: String) -> String {
    #"{"error":{"code":"\#(code)","message":\#(FlowValue.jsonString(message, style: .python))}}"# + "\n"
}
