import AsyncHTTPClient
import FlowgateTestSupport
import Foundation
import NIOCore
import Testing

/// The benchmark mode of the test LLM server: a repeated request gets the same bytes, faults still come first.
@Suite struct TestLLMServerMemoTests {
    static func post(_ url: String, _ body: String) async throws -> (status: UInt, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, String(buffer: bytes))
    }

    @Test func repeatedRequestsGetTheSameAnswersAndFaultsAreStillPlayed() async throws {
        let server = TestLLMServer(recordsRequests: false, memoizesAnswers: true)
        let base = try await server.start()
        defer { Task { await server.stop() } }
        let url = base + "/chat/completions"
        let hello = #"{"model": "m", "messages": [{"role": "user", "content": "hello there"}]}"#
        let other = #"{"model": "m", "messages": [{"role": "user", "content": "something else"}]}"#

        let first = try await Self.post(url, hello)
        #expect(first.status == 200)
        #expect(first.body.contains(#""content":"echo: hello there""#))
        #expect(server.answersReplayed == 0)
        #expect(try await Self.post(url, hello) == first)
        #expect(server.answersReplayed == 1)
        let different = try await Self.post(url, other)
        #expect(different.body.contains(#""content":"echo: something else""#))
        #expect(server.answersReplayed == 1)

        server.failNext(1, status: 500)
        #expect(try await Self.post(url, hello).status == 500)
        #expect(server.answersReplayed == 1)
        #expect(try await Self.post(url, hello) == first)
        #expect(server.answersReplayed == 2)

        let streamed = #"{"model": "m", "stream": true, "messages": [{"role": "user", "content": "one two three four"}]}"#
        let events = try await Self.post(url, streamed)
        #expect(events.body.hasPrefix("data: {"))
        #expect(events.body.hasSuffix("data: [DONE]\n\n"))
        #expect(events.body.contains(#""content":"echo: one "#))
        let sentBefore = server.streamEventsSent
        #expect(try await Self.post(url, streamed) == events)
        #expect(server.answersReplayed == 3)
        #expect(server.streamEventsSent == sentBefore + events.body.components(separatedBy: "data: ").count - 1)
    }

    @Test func aRecordingServerAnswersEveryRequestAfresh() async throws {
        let server = TestLLMServer(memoizesAnswers: true)
        let base = try await server.start()
        defer { Task { await server.stop() } }
        let body = #"{"model": "m", "messages": [{"role": "user", "content": "hi"}]}"#
        _ = try await Self.post(base + "/chat/completions", body)
        _ = try await Self.post(base + "/chat/completions", body)
        #expect(server.requests.count == 2)
        #expect(server.answersReplayed == 0)
    }
}
