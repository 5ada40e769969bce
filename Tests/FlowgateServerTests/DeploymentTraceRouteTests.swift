import FlowgateTestSupport
import Foundation
import Testing

/// `GET /api/v1/endpoints/{e}/deployments/{d}/traces[/{id}]` over a real server: requests scored through the gateway
/// show up as traces carrying their request id, merged across instances (in-process and process), newest first,
/// and one trace comes back with its request span and node spans.
@Suite("Deployment traces route", .serialized)
struct DeploymentTraceRouteTests {
    private func traces(_ platform: PlatformHarness, _ path: String) async throws -> [[String: Any]] {
        let reply = try await platform.call(.GET, path, admin: true)
        #expect(reply.status == 200, "\(reply.body)")
        return reply.json["traces"] as? [[String: Any]] ?? []
    }

    /// Polls until traces with all `ids` as run ids are listed (a trace is stored when its request finishes).
    private func traces(
        _ platform: PlatformHarness, _ path: String, carrying ids: Set<String>
    ) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(60)
        var listed: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            listed = try await traces(platform, path)
            if ids.isSubset(of: Set(listed.compactMap { $0["run_id"] as? String })) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return listed
    }

    @Test func inProcessInstancesTracesAreMergedNewestFirstWithTheirRequestIDs() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(
            endpoint: "traced", flow: PlatformHarness.example("python-only"), extra: #", "instance_count": 2"#)
        let path = "/api/v1/endpoints/traced/deployments/blue/traces"
        #expect(try await traces(platform, path).isEmpty)

        var ids: [String] = []
        for index in 0..<6 {
            let id = "trace-test-\(index)-\(UUID().uuidString)"
            let reply = try await platform.call(
                .POST, "/endpoints/traced/score", json: #"{"text": "one two two three"}"#, key: key,
                headers: [("x-request-id", id)])
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.headers["x-request-id"].first == id)
            ids.append(id)
        }
        let listed = try await traces(platform, path, carrying: Set(ids))
        let mine = listed.filter { ids.contains($0["run_id"] as? String ?? "") }
        #expect(mine.count == 6, "\(listed)")
        // Newest first: start times never increase down the list; the requests were sent one after another.
        let starts = listed.compactMap { $0["start_time"] as? String }
        #expect(starts == starts.sorted(by: >), "\(starts)")
        #expect(mine.compactMap { $0["run_id"] as? String } == ids.reversed())
        // One request at a time goes round robin over the idle instances: both kept traces, each names its own.
        let instances = Set(mine.compactMap { $0["instance"] as? String })
        #expect(instances == ["blue-0", "blue-1"], "\(instances)")
        for trace in mine {
            #expect(trace["http_status"] as? Int == 200)
            #expect(trace["status"] as? String == "ok")
            #expect(trace["name"] as? String == "POST /score")
            #expect((trace["span_count"] as? Int ?? 0) >= 4, "\(trace)")
        }
        #expect(try await traces(platform, path + "?limit=2").count == 2)
        let one = try await traces(platform, path + "?limit=2&request_id=\(ids[0])")
        #expect(one.compactMap { $0["run_id"] as? String } == [ids[0]])
        #expect(try await traces(platform, path + "?request_id=no-such-request").isEmpty)
        let badLimit = try await platform.call(.GET, path + "?limit=0", admin: true)
        #expect(badLimit.status == 400)

        let first = try #require(mine.first)
        let traceID = try #require(first["trace_id"] as? String)
        let shown = try await platform.call(.GET, path + "/\(traceID)", admin: true)
        #expect(shown.status == 200, "\(shown.body)")
        #expect(shown.json["trace_id"] as? String == traceID)
        #expect(shown.json["run_id"] as? String == ids.last)
        #expect(shown.json["instance"] as? String == first["instance"] as? String)
        let spans = shown.json["spans"] as? [[String: Any]] ?? []
        let names = spans.compactMap { $0["name"] as? String }
        #expect(Set(["POST /score", "text_stats", "top_words", "format_report"]).isSubset(of: Set(names)), "\(names)")
        let root = try #require(spans.first { $0["name"] as? String == "POST /score" })
        let rootID = try #require(root["span_id"] as? String)
        for node in spans where node["name"] as? String != "POST /score" {
            #expect(node["parent_span_id"] as? String == rootID)
            let attributes = node["attributes"] as? [String: Any] ?? [:]
            #expect(attributes["line_run_id"] as? String == ids.last, "\(attributes)")
            #expect(attributes["node_name"] as? String == node["name"] as? String)
        }

        let unknown = try await platform.call(.GET, path + "/0123456789abcdef0123456789abcdef", admin: true)
        #expect(unknown.status == 404, "\(unknown.body)")
        let noDeployment = try await platform.call(
            .GET, "/api/v1/endpoints/traced/deployments/green/traces", admin: true)
        #expect(noDeployment.status == 404)
        #expect(try await platform.call(.GET, path).status == 401)
        await platform.stop()
    }

    @Test func aProcessInstanceTracesAreFetchedFromItsChild() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(
            endpoint: "child", flow: PlatformHarness.example("python-only"), extra: #", "instance_runtime": "process""#)
        let id = "child-trace-\(UUID().uuidString)"
        let reply = try await platform.call(
            .POST, "/endpoints/child/score", json: #"{"text": "a b b"}"#, key: key, headers: [("x-request-id", id)])
        #expect(reply.status == 200, "\(reply.body)")
        let path = "/api/v1/endpoints/child/deployments/blue/traces"
        let listed = try await traces(platform, path, carrying: [id])
        let trace = try #require(listed.first { $0["run_id"] as? String == id }, "\(listed)")
        #expect(trace["instance"] as? String == "blue-0")
        let traceID = try #require(trace["trace_id"] as? String)
        let shown = try await platform.call(.GET, path + "/\(traceID)", admin: true)
        #expect(shown.status == 200, "\(shown.body)")
        let names = (shown.json["spans"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("format_report"), "\(names)")
        await platform.stop()
    }

    @Test func anLLMCallIsASpanUnderItsNodeAndItsTokensAreOnTheTrace() async throws {
        let llm = TestLLMServer()
        let baseURL = try await llm.start()
        let platform = try await PlatformHarness()
        let chat = try ProcessInstanceFlowSettingsTests.llmFlow("chat-basic")
        defer { try? FileManager.default.removeItem(at: chat) }
        try await ProcessInstanceFlowSettingsTests.connection(platform, "open_ai_connection", baseURL: baseURL)
        let key = try await platform.deploy(endpoint: "talk", flow: chat.path)
        let id = "chat-trace-\(UUID().uuidString)"
        let reply = try await platform.call(
            .POST, "/endpoints/talk/score", json: #"{"question": "how many tokens?", "chat_history": []}"#, key: key,
            headers: [("x-request-id", id)])
        #expect(reply.status == 200, "\(reply.body)")
        let path = "/api/v1/endpoints/talk/deployments/blue/traces"
        let listed = try await traces(platform, path, carrying: [id])
        let trace = try #require(listed.first { $0["run_id"] as? String == id }, "\(listed)")
        let tokens = trace["total_tokens"] as? Int ?? 0
        #expect(tokens > 0, "\(trace)")
        let shown = try await platform.call(.GET, path + "/\(trace["trace_id"] as? String ?? "")", admin: true)
        let spans = shown.json["spans"] as? [[String: Any]] ?? []
        let node = try #require(spans.first { $0["name"] as? String == "chat" }, "\(spans)")
        let call = try #require(spans.first { $0["kind"] as? String == "client" }, "\(spans)")
        #expect(call["parent_span_id"] as? String == node["span_id"] as? String)
        let attributes = call["attributes"] as? [String: Any] ?? [:]
        #expect(attributes["llm.usage.total_tokens"] as? Int == tokens, "\(attributes)")
        await platform.stop()
        await llm.stop()
    }
}
