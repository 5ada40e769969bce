import FlowgateTestSupport
import Foundation
import Platform
import Testing

/// A process instance serves the flow as an in-process instance would: the deployment's connection overrides (by
/// node and by connection name) and its variant reach the `flowgate flow serve` child, proven by which connection's
/// server the LLM call reaches and which variant's prompt it sends.
@Suite("Platform server: process instances with overrides and variants", .serialized)
struct ProcessInstanceFlowSettingsTests {
    /// A copy of an example LLM flow with nothing to install (so no environment is built).
    static func llmFlow(_ example: String) throws -> URL {
        let folder = FlowFolders.temporary(example)
        try FileManager.default.copyItem(
            at: PlatformHarness.repositoryRoot.appendingPathComponent("examples/flows/\(example)"), to: folder)
        try Data("# nothing to install\n".utf8).write(to: folder.appendingPathComponent("requirements.txt"))
        return folder
    }

    static func connection(_ platform: PlatformHarness, _ name: String, baseURL: String) async throws {
        let made = try await platform.call(
            .POST, "/api/v1/connections",
            json: #"{"name": "\#(name)", "type": "open_ai", "api_key": "sk-\#(name)", "base_url": "\#(baseURL)"}"#,
            admin: true)
        #expect(made.status == 201, "\(made.body)")
    }

    @Test func overridesAndAVariantReachTheChild() async throws {
        let llm = TestLLMServer()
        let baseURL = try await llm.start()
        let platform = try await PlatformHarness()
        let chat = try Self.llmFlow("chat-basic")
        let variants = try Self.llmFlow("variants")
        defer {
            try? FileManager.default.removeItem(at: chat)
            try? FileManager.default.removeItem(at: variants)
        }
        // The flows name open_ai_connection, which points at a closed port; only an override reaches the LLM.
        try await Self.connection(platform, "open_ai_connection", baseURL: "http://127.0.0.1:9/v1")
        try await Self.connection(platform, "llm_good", baseURL: baseURL)

        // A node override: the chat node uses llm_good.
        let key = try await platform.deploy(
            endpoint: "over", flow: chat.path,
            extra: #", "instance_runtime": "process", "connection_overrides": {"chat": "llm_good"}"#)
        let instances = ProcessInstanceTests.instances(platform, "over", "blue")
        #expect(instances.count == 1 && instances.first?.childProcessID != nil)
        let reply = try await platform.call(
            .POST, "/endpoints/over/score", json: #"{"question": "which connection?"}"#, key: key)
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.body.contains("echo: which connection?"), "\(reply.body)")
        #expect(llm.requests.contains { $0.headers["authorization"] == "Bearer sk-llm_good" })

        // A connection-name override and a variant in one child: the bullets prompt goes to llm_good.
        let green = try await platform.call(
            .POST, "/api/v1/endpoints/over/deployments",
            json: #"""
                {"name": "green", "model": "\#(variants.path)", "instance_runtime": "process",
                 "variant": "${summarize.variant_1}", "connection_overrides": {"open_ai_connection": "llm_good"}}
                """#, admin: true)
        #expect(green.status == 202, "\(green.body)")
        let settled = try await platform.settled("/api/v1/endpoints/over/deployments/green")
        #expect(settled["provisioning_state"] as? String == "Succeeded", "\(settled)")
        let before = llm.requests.count
        let summary = try await platform.call(
            .POST, "/endpoints/over/score", json: #"{"text": "Gateways route requests."}"#, key: key,
            headers: [("azureml-model-deployment", "green")])
        #expect(summary.status == 200, "\(summary.body)")
        #expect(summary.body.contains("echo: Gateways route requests."), "\(summary.body)")
        let sent = llm.requests.dropFirst(before)
        #expect(sent.count == 1)
        #expect(sent.first?.headers["authorization"] == "Bearer sk-llm_good")
        #expect(sent.first?.body.contains("three short bullet points") == true, "\(sent.first?.body ?? "")")
        #expect(sent.first?.body.contains("exactly one plain sentence") == false)
        #expect(ProcessInstanceTests.instances(platform, "over", "green").count == 1)

        await platform.stop()
        await llm.stop()
    }

    @Test func anOverrideToAMissingConnectionFailsInCheckAccessAsInProcess() async throws {
        let platform = try await PlatformHarness()
        let chat = try Self.llmFlow("chat-basic")
        defer { try? FileManager.default.removeItem(at: chat) }
        _ = try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "refuse"}"#, admin: true)
        let body = #"""
            {"name": "blue", "model": "\#(chat.path)", "instance_runtime": "process",
             "connection_overrides": {"chat": "no_such_connection"}}
            """#
        let made = try await platform.call(.POST, "/api/v1/endpoints/refuse/deployments", json: body, admin: true)
        #expect(made.status == 202, "\(made.body)")
        let state = try await platform.settled("/api/v1/endpoints/refuse/deployments/blue")
        #expect(state["provisioning_state"] as? String == "Failed", "\(state)")
        let failure = state["failure"] as? [String: Any]
        #expect(failure?["code"] as? String == "ConnectionNotFound", "\(state)")
        #expect(
            (failure?["message"] as? String)?.contains("'no_such_connection' (used by node 'chat')") == true,
            "\(state)")
        #expect(ProcessInstanceTests.instances(platform, "refuse", "blue").isEmpty)
        await platform.stop()
    }
}
