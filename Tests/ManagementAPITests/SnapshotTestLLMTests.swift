import FlowSpec
import FlowgateTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// `POST /snapshots/{id}/test` on an LLM chat flow (the chat-basic example) against the test LLM server: the
/// flow's own connection is missing (Failed, naming the node), `connections` points the node at a stored one
/// (answer and tokens), and with SSE the answer arrives in several chunks; a caller who may not read a
/// connection's secrets may not run a flow with it.
@Suite struct SnapshotTestLLMTests {
    @Test func aConnectionOverrideAnswersAndTheChatAnswerStreams() async throws {
        let llm = TestLLMServer()
        let llmURL = try await llm.start()
        let fixture = try APIFixture()
        do {
            try await fixture.test { client in
                let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", APIFixture.example("chat-basic").path, "."])
                let uploaded = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
                let id = try #require(uploaded.json["id"].stringValue, "\(uploaded.text)")
                let question: FlowValue = ["question": "what is a flow?", "chat_history": []]

                let missing = try await client.send(.post, "/snapshots/\(id)/test", json: ["inputs": question])
                #expect(missing.status == .ok, "\(missing.text)")
                #expect(missing.json["status"] == "Failed")
                #expect(missing.json["error"]["node"] == "chat", "\(missing.text)")
                #expect(missing.json["error"]["message"].stringValue?.contains("open_ai_connection") == true)

                let made = try await client.send(
                    .post, "/connections",
                    json: ["name": "local-llm", "type": "open_ai", "api_key": "sk-test", "base_url": .string(llmURL)])
                #expect(made.status == .created, "\(made.text)")
                let body: FlowValue = ["inputs": question, "connections": ["chat": "local-llm"]]
                let answered = try await client.send(.post, "/snapshots/\(id)/test", json: body)
                #expect(answered.json["status"] == "Completed", "\(answered.text)")
                #expect(answered.json["outputs"]["answer"] == .string(TestLLMServer.chatReply(to: "what is a flow?")))
                #expect((answered.json["tokens"]["prompt"].intValue ?? 0) > 0)
                #expect(
                    answered.json["tokens"]["completion"].intValue
                        == TestLLMServer.tokenCount(TestLLMServer.chatReply(to: "what is a flow?")))
                #expect(answered.json["nodes"].listValue?.first?["name"] == "chat")

                let streamed = try await client.execute(
                    uri: "/api/v1/snapshots/\(id)/test", method: .post,
                    headers: [
                        .authorization: "Bearer \(APIFixture.adminKey)", .contentType: "application/json",
                        .accept: "text/event-stream",
                    ],
                    body: .init(string: body.json(.compact)))
                #expect(streamed.headers[.contentType]?.hasPrefix("text/event-stream") == true, "\(streamed.text)")
                let chunks = streamed.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.compactMap {
                    event -> String? in
                    guard event.hasPrefix("data: ") else { return nil }
                    return (try? FlowValue(json: String(event.dropFirst(6))))?["answer"].stringValue
                }
                let reply = TestLLMServer.chatReply(to: "what is a flow?")
                // As /score sends them: the stream's empty role and end chunks too.
                #expect(chunks.filter { !$0.isEmpty } == TestLLMServer.streamChunks(for: reply), "\(streamed.text)")
                #expect(chunks.count > 1)
            }
        } catch {
            await llm.stop()
            throw error
        }
        await llm.stop()
    }

    @Test func testingAFlowNeedsTheRightToReadItsConnectionsSecrets() async throws {
        let llm = TestLLMServer()
        let llmURL = try await llm.start()
        do {
            try await Self.refusedUntilGranted(llmURL: llmURL)
        } catch {
            await llm.stop()
            throw error
        }
        await llm.stop()
    }

    private static func refusedUntilGranted(llmURL: String) async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", APIFixture.example("chat-basic").path, "."])
            let uploaded = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
            let id = try #require(uploaded.json["id"].stringValue, "\(uploaded.text)")
            let made = try await client.send(
                .post, "/connections",
                json: ["name": "local-llm", "type": "open_ai", "api_key": "sk-test", "base_url": .string(llmURL)])
            #expect(made.status == .created, "\(made.text)")
            let role = try await client.send(
                .post, "/roles", json: ["name": "Flow Tester", "actions": ["snapshots/test/action"]])
            #expect(role.status == .created, "\(role.text)")
            #expect(try await client.send(.post, "/principals", json: ["name": "tess"]).status == .created)
            let key = try #require(try await client.send(.post, "/principals/tess/keys").json["key"].stringValue)
            let assigned = try await client.send(
                .post, "/role-assignments", json: ["role": "Flow Tester", "principal": "tess", "scope": "/"])
            #expect(assigned.status == .created, "\(assigned.text)")

            let body: FlowValue = ["inputs": ["question": "hi"], "connections": ["chat": "local-llm"]]
            let refused = try await client.send(.post, "/snapshots/\(id)/test", json: body, key: key)
            #expect(refused.status == .forbidden, "\(refused.text)")
            #expect(refused.text.contains("connections/listsecrets/action"))
            #expect(refused.text.contains("/connections/local-llm"))
            #expect(!refused.text.contains("sk-test"))

            let granted = try await client.send(
                .post, "/role-assignments",
                json: ["role": "Connection Secrets Reader", "principal": "tess", "scope": "/connections/local-llm"])
            #expect(granted.status == .created, "\(granted.text)")
            let ran = try await client.send(.post, "/snapshots/\(id)/test", json: body, key: key)
            #expect(ran.status == .ok, "\(ran.text)")
            #expect(ran.json["status"] == "Completed", "\(ran.text)")
        }
    }
}
