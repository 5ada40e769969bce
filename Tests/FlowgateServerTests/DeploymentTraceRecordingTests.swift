import FlowgateTestSupport
import Foundation
import Testing

/// Recording on a deployment (`FLOWGATE_TRACE_RECORD_INPUTS=true` in its environment, what the console wizard's
/// "tracing on" sets) puts each node's inputs and output and the request's inputs and answer on its trace, for both
/// instance runtimes, with a connection shown by name only; off (the default) records none. Feedback posted through
/// the gateway lands on the trace.
@Suite("Deployment trace recording and feedback", .serialized)
struct DeploymentTraceRecordingTests {
    static let recording = #", "environment_variables": {"FLOWGATE_TRACE_RECORD_INPUTS": "true"}"#

    /// The trace of the request `id`, polled until it is stored.
    static func trace(_ platform: PlatformHarness, endpoint: String, id: String) async throws -> [String: Any] {
        let path = "/api/v1/endpoints/\(endpoint)/deployments/blue/traces"
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let listed = try await platform.call(.GET, path + "?request_id=\(id)", admin: true)
            if let summary = (listed.json["traces"] as? [[String: Any]])?.first,
                let traceID = summary["trace_id"] as? String
            {
                return try await platform.call(.GET, path + "/\(traceID)", admin: true).json
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("no trace for \(id)")
        return [:]
    }

    static func attributes(_ trace: [String: Any], span name: String) -> [String: Any] {
        let spans = trace["spans"] as? [[String: Any]] ?? []
        return spans.first { $0["name"] as? String == name }?["attributes"] as? [String: Any] ?? [:]
    }

    @Test func anLLMNodesInputsNameItsConnectionWithoutTheKeyOnlyWhenRecording() async throws {
        let llm = TestLLMServer()
        let baseURL = try await llm.start()
        let platform = try await PlatformHarness()
        let chat = try ProcessInstanceFlowSettingsTests.llmFlow("chat-basic")
        defer { try? FileManager.default.removeItem(at: chat) }
        try await ProcessInstanceFlowSettingsTests.connection(platform, "open_ai_connection", baseURL: baseURL)
        let key = try await platform.deploy(endpoint: "recorded", flow: chat.path, extra: Self.recording)
        let quiet = try await platform.deploy(endpoint: "unrecorded", flow: chat.path)
        let body = #"{"question": "what is recorded?", "chat_history": []}"#
        for (endpoint, secret) in [("recorded", key), ("unrecorded", quiet)] {
            let id = "\(endpoint)-\(UUID().uuidString)"
            let reply = try await platform.call(
                .POST, "/endpoints/\(endpoint)/score", json: body, key: secret, headers: [("x-request-id", id)])
            #expect(reply.status == 200, "\(reply.body)")
            let trace = try await Self.trace(platform, endpoint: endpoint, id: id)
            let text = String(data: try JSONSerialization.data(withJSONObject: trace), encoding: .utf8) ?? ""
            // The stored connection's key never reaches a trace.
            #expect(!text.contains("sk-open_ai_connection"))
            let node = Self.attributes(trace, span: "chat")
            let request = Self.attributes(trace, span: "POST /score")
            if endpoint == "unrecorded" {
                #expect(node["inputs"] == nil && node["output"] == nil, "\(node)")
                #expect(request["inputs"] == nil && request["output"] == nil, "\(request)")
                continue
            }
            let inputs = try #require(node["inputs"] as? String, "\(node)")
            let parsed = try JSONSerialization.jsonObject(with: Data(inputs.utf8)) as? [String: Any] ?? [:]
            #expect(parsed["connection"] as? String == "open_ai_connection", "\(inputs)")
            #expect(inputs.contains("what is recorded?"), "\(inputs)")
            let output = try #require(node["output"] as? String, "\(node)")
            #expect(!output.isEmpty)
            #expect((request["inputs"] as? String)?.contains("what is recorded?") == true, "\(request)")
            #expect((request["output"] as? String)?.contains(output.prefix(20)) == true, "\(request) \(output)")
        }
        // A streamed answer: the node's output and the request's answer are the text as streamed.
        let id = "streamed-\(UUID().uuidString)"
        let streamed = try await platform.call(
            .POST, "/endpoints/recorded/score", json: body, key: key,
            headers: [("x-request-id", id), ("accept", "text/event-stream")])
        #expect(streamed.status == 200, "\(streamed.body)")
        #expect(streamed.body.contains("data: "), "\(streamed.body)")
        let trace = try await Self.trace(platform, endpoint: "recorded", id: id)
        let nodeOutput = try #require(Self.attributes(trace, span: "chat")["output"] as? String, "\(trace)")
        let text = try #require(
            try JSONSerialization.jsonObject(with: Data(nodeOutput.utf8), options: .fragmentsAllowed) as? String)
        #expect(!text.isEmpty)
        let answer = try #require(Self.attributes(trace, span: "POST /score")["output"] as? String, "\(trace)")
        let parsed = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any] ?? [:]
        #expect(parsed["answer"] as? String == text, "\(answer)")
        await platform.stop()
        await llm.stop()
    }

    @Test func aProcessInstanceRecordsNodeInputsAndTakesFeedbackThroughTheGateway() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(
            endpoint: "childrec", flow: PlatformHarness.example("python-only"),
            extra: #", "instance_runtime": "process""# + Self.recording)
        let id = "childrec-\(UUID().uuidString)"
        let reply = try await platform.call(
            .POST, "/endpoints/childrec/score", json: #"{"text": "a b b"}"#, key: key, headers: [("x-request-id", id)])
        #expect(reply.status == 200, "\(reply.body)")
        let trace = try await Self.trace(platform, endpoint: "childrec", id: id)
        let node = Self.attributes(trace, span: "text_stats")
        #expect((node["inputs"] as? String)?.contains("a b b") == true, "\(node)")
        #expect(node["output"] is String, "\(node)")
        let traceID = try #require(trace["trace_id"] as? String)
        try await Self.feedback(platform, endpoint: "childrec", key: key, traceID: traceID, deploymentHeader: false)
        await platform.stop()
    }

    @Test func feedbackThroughTheGatewayIsAuthorizedAndAttachesToTheTrace() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(endpoint: "rated", flow: PlatformHarness.example("python-only"))
        let id = "rated-\(UUID().uuidString)"
        let reply = try await platform.call(
            .POST, "/endpoints/rated/score", json: #"{"text": "x y"}"#, key: key, headers: [("x-request-id", id)])
        #expect(reply.status == 200, "\(reply.body)")
        let trace = try await Self.trace(platform, endpoint: "rated", id: id)
        let traceID = try #require(trace["trace_id"] as? String)
        let traceparent = [("traceparent", "00-\(traceID)-00f067aa0ba902b7-01")]
        let feedback = #"{"rating": 5}"#
        let anonymous = try await platform.call(
            .POST, "/endpoints/rated/feedback", json: feedback, headers: traceparent)
        #expect(anonymous.status == 401, "\(anonymous.body)")
        let wrong = try await platform.call(
            .POST, "/endpoints/rated/feedback", json: feedback, key: "not-a-key", headers: traceparent)
        #expect(wrong.status == 401, "\(wrong.body)")
        let unknown = try await platform.call(
            .POST, "/endpoints/nosuch/feedback", json: feedback, key: key, headers: traceparent)
        #expect(unknown.status == 404, "\(unknown.body)")
        let noDeployment = try await platform.call(
            .POST, "/endpoints/rated/feedback", json: feedback, key: key,
            headers: traceparent + [("azureml-model-deployment", "green")])
        #expect(noDeployment.status == 404, "\(noDeployment.body)")
        // Nothing was recorded by the refused ones.
        #expect(Self.feedbackSpans(try await Self.trace(platform, endpoint: "rated", id: id)).isEmpty)
        try await Self.feedback(platform, endpoint: "rated", key: key, traceID: traceID, deploymentHeader: true)
        await platform.stop()
    }

    static func feedbackSpans(_ trace: [String: Any]) -> [[String: Any]] {
        (trace["spans"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "promptflow-feedback" }
    }

    /// Posts flattened feedback on `traceID` and expects it as a `promptflow-feedback` span of that trace.
    static func feedback(
        _ platform: PlatformHarness, endpoint: String, key: String, traceID: String, deploymentHeader: Bool
    ) async throws {
        var headers = [("traceparent", "00-\(traceID)-00f067aa0ba902b7-01")]
        if deploymentHeader { headers.append(("azureml-model-deployment", "blue")) }
        let posted = try await platform.call(
            .POST, "/endpoints/\(endpoint)/feedback?flatten=true", json: #"{"rating": 4, "comment": "useful"}"#,
            key: key, headers: headers)
        #expect(posted.status == 200, "\(posted.body)")
        #expect(posted.json["status"] as? String == "Feedback received.")
        #expect(posted.headers["azureml-model-deployment"].first == "blue")
        let shown = try await platform.call(
            .GET, "/api/v1/endpoints/\(endpoint)/deployments/blue/traces/\(traceID)", admin: true)
        #expect(shown.status == 200, "\(shown.body)")
        let spans = Self.feedbackSpans(shown.json)
        #expect(spans.count == 1, "\(shown.body)")
        let attributes = spans.first?["attributes"] as? [String: Any] ?? [:]
        #expect(attributes["rating"] as? Int == 4, "\(attributes)")
        #expect(attributes["comment"] as? String == "useful", "\(attributes)")
    }
}
