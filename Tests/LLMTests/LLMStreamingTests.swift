import FlowgateTestSupport
import LLM
import Testing

/// Streamed chat and completion over real HTTP: chunk-by-chunk delivery, usage, drops, cancellation.
@Suite struct LLMStreamingTests {
    let messages: [ChatMessage] = [.user("one two three four five")]
    var reply: String { TestLLMServer.chatReply(to: "one two three four five") }

    @Test func chatStreamDeliversTheDeltasThenUsage() async throws {
        try await LLMTestFixture.run { f in
            let stream = try await f.client.chatStream(messages, parameters: .init(model: "m"), endpoint: f.openAI)
            let (contents, usage) = try await stream.collect()
            // The empty first delta and the empty finish chunk are delivered like promptflow's generator does.
            #expect(contents == [""] + TestLLMServer.streamChunks(for: reply) + [""])
            #expect(contents.joined() == reply)
            #expect(usage == TokenUsage(promptTokens: 5, completionTokens: 6))
            let body = try JSONValue(parsing: try #require(f.server.requests.first).body)
            #expect(body["stream"] == .bool(true))
            #expect(body["stream_options"] == .object(["include_usage": .bool(true)]))
            #expect(f.server.requests.first?.headers["accept"] == "text/event-stream")
        }
    }

    @Test func chunksArriveBeforeTheServerSendsTheRest() async throws {
        try await LLMTestFixture.run { f in
            f.server.pauseStreamsAfterFirstChunk()
            let stream = try await f.client.chatStream(messages, parameters: .init(model: "m"), endpoint: f.openAI)
            var iterator = stream.makeAsyncIterator()
            let event1 = try await iterator.next()
            #expect(event1 == .content(""))
            let first = TestLLMServer.streamChunks(for: reply)[0]
            let event2 = try await iterator.next()
            #expect(event2 == .content(first))
            // The server is paused after two events; the rest (3 more chunks, finish, usage, [DONE]) is unsent.
            #expect(f.server.streamEventsSent == 2)
            f.server.resumeStreams()
            var rest: [String] = []
            while let event = try await iterator.next() {
                if case .content(let text) = event { rest.append(text) }
            }
            #expect(([first] + rest).joined() == reply)
            #expect(f.server.streamEventsSent == 2 + TestLLMServer.streamChunks(for: reply).count + 2)
        }
    }

    @Test func completionStreamDeliversTextDeltas() async throws {
        try await LLMTestFixture.run { f in
            let stream = try await f.client.completionStream(
                prompt: "a b c", parameters: .init(model: "m"), endpoint: f.openAI)
            let (contents, usage) = try await stream.collect()
            #expect(contents.joined() == "echo: a b c")
            #expect(contents.count == TestLLMServer.streamChunks(for: "echo: a b c").count + 1)
            #expect(usage == TokenUsage(promptTokens: 3, completionTokens: 4))
            #expect(f.server.requests.first?.path == "/v1/completions")
        }
    }

    @Test func azureBeforeVersion20240901GetsNoStreamOptions() async throws {
        try await LLMTestFixture.run { f in
            let stream = try await f.client.chatStream(
                messages, parameters: .init(deploymentName: "gpt"), endpoint: f.azure(apiVersion: "2024-02-01"))
            let (contents, usage) = try await stream.collect()
            #expect(contents.joined() == reply)
            #expect(usage == nil)  // the server only reports usage when asked
            let body = try JSONValue(parsing: try #require(f.server.requests.first).body)
            #expect(body["stream_options"] == nil)

            let newer = try await f.client.chatStream(
                messages, parameters: .init(deploymentName: "gpt"), endpoint: f.azure(apiVersion: "2024-10-21"))
            #expect(try await newer.collect().usage != nil)
        }
    }

    @Test func aServerRejectingStreamOptionsIsAskedAgainWithoutThem() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, with: .badRequest("Unrecognized request argument supplied: stream_options"))
            let stream = try await f.client.chatStream(messages, parameters: .init(model: "m"), endpoint: f.openAI)
            #expect(try await stream.collect().contents.joined() == reply)
            let bodies = try f.server.requests.map { try JSONValue(parsing: $0.body) }
            #expect(bodies.count == 2)
            #expect(bodies[0]["stream_options"] != nil)
            #expect(bodies[1]["stream_options"] == nil)
            #expect(f.delays.delays.isEmpty)
        }
    }

    @Test func streamRetriesBeforeTheFirstByte() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, status: 429, retryAfter: 2)
            f.server.failNext(1, status: 503)
            let stream = try await f.client.chatStream(messages, parameters: .init(model: "m"), endpoint: f.openAI)
            #expect(try await stream.collect().contents.joined() == reply)
            #expect(f.delays.delays == [.seconds(2), .milliseconds(2)])
        }
    }

    @Test func aConnectionDroppedMidStreamEndsTheStreamWithAnError() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, with: .dropConnection)
            let stream = try await f.client.chatStream(messages, parameters: .init(model: "m"), endpoint: f.openAI)
            var received: [LLMStreamEvent] = []
            let error = await #expect(throws: LLMError.self) {
                for try await event in stream { received.append(event) }
            }
            #expect(error?.reason == .connection)
            #expect(received.first == .content(""))
            #expect(error?.message.contains(LLMTestFixture.apiKey) == false)
        }
    }

    @Test func functionsCannotBeStreamed() async throws {
        try await LLMTestFixture.run { f in
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chatStream(
                    messages, parameters: .init(model: "m", functions: [.object(["name": "f"])]), endpoint: f.openAI)
            }
            #expect(error?.message == "Function calling has not been supported by stream mode yet.")
            #expect(f.server.requests.isEmpty)
        }
    }

    @Test func cancellingTheConsumerStopsTheStream() async throws {
        try await LLMTestFixture.run { f in
            f.server.pauseStreamsAfterFirstChunk()
            let stream = try await f.client.chatStream(messages, parameters: .init(model: "m"), endpoint: f.openAI)
            let (firstChunkStream, firstChunk) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                var count = 0
                for try await event in stream {
                    if case .content(let text) = event, !text.isEmpty { firstChunk.yield() }
                    count += 1
                }
                return count
            }
            var signal = firstChunkStream.makeAsyncIterator()
            _ = await signal.next()
            consumer.cancel()
            let outcome = await consumer.result
            // Either the stream ends early or reports the cancellation; it never delivers the paused rest.
            switch outcome {
            case .success(let count): #expect(count == 2)
            case .failure(let error): #expect(error is CancellationError)
            }
            #expect(f.server.streamEventsSent == 2)
        }
    }
}
