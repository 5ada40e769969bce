import FlowgateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Streaming over a real socket through the gateway: an LLM flow's first chunk reaches the client while the
/// LLM still holds the rest, so nothing between the instance and the client buffers the answer.
@Suite struct GatewayLiveStreamTests {
    @Test func llmChunksReachTheClientBeforeTheAnswerIsComplete() async throws {
        let llm = TestLLMServer()
        let url = try await llm.start()
        llm.pauseStreamsAfterFirstChunk()
        do {
            let instance = try await FlowServerTestInstance(id: "blue-0", example: "chat-basic", llmURL: url)
            defer { instance.close() }
            let fixture = GatewayFixture(
                traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
            try await fixture.test(.live) { client async throws in
                let connection = try RawHTTPConnection(port: try #require(client.port))
                let body = #"{"question": "one two three four five"}"#
                connection.send(
                    "POST /endpoints/support-bot/score HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer \(GatewayFixture.keys.primary)\r\nAccept: text/event-stream\r\n"
                        + "Content-Type: application/json\r\nConnection: close\r\n"
                        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                try await Self.waitUntil { connection.received.contains(#"data: {"answer": "echo: one "}"#) }
                #expect(!connection.received.contains("two three"))
                #expect(connection.received.contains("azureml-model-deployment: blue"))
                llm.resumeStreams()
                try await Self.waitUntil { connection.isClosed }
                #expect(connection.received.contains(#"data: {"answer": "two three "}"#))
                #expect(connection.received.contains("text/event-stream; charset=utf-8"))
            }
            await fixture.gateway.drain()
        } catch {
            llm.resumeStreams()
            await llm.stop()
            throw error
        }
        await llm.stop()
    }

    /// Polls `condition` every 10 ms; records an issue after a minute (a bound far from what it guards).
    static func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        for _ in 0..<6000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not reached within a minute")
    }
}
