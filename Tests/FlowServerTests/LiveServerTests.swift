import FlowServer
import FlowgateTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceLifecycle
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The server over a real socket: JSON and SSE through HummingbirdTesting's live client, and graceful shutdown
/// with a request in flight through the service group `flowgate flow serve` runs.
@Suite struct LiveServerTests {
    @Test func scoresAndStreamsOverARealSocket() async throws {
        let served = try await ServedFlow(files: FlowFixtures.streamEcho)
        defer { served.close() }
        try await served.test(.live) { client in
            let json = try await client.score(#"{"text": "Hello World!"}"#)
            #expect(json.text == #"{"length":12,"output_echo":"Echo: Hello World! "}"# + "\n")
            let events = try await client.score(#"{"text": "a b"}"#, accept: "text/event-stream")
            #expect(events.headers[.contentType] == "text/event-stream; charset=utf-8")
            #expect(
                events.text
                    == "data: {\"length\": 3}\n\ndata: {\"output_echo\": \"Echo: \"}\n\n"
                    + "data: {\"output_echo\": \"a \"}\n\ndata: {\"output_echo\": \"b \"}\n\n")
        }
    }

    @Test func gracefulShutdownLetsTheRequestInFlightFinish() async throws {
        let served = try await ServedFlow(files: FlowFixtures.waiting)
        defer { served.close() }
        let flag = served.directory.appendingPathComponent("go").path
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let group = served.server.makeServiceGroup(signals: []) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/score")!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"flag": "\#(flag)"}"#.utf8)
        let inFlight = Task { try await URLSession.shared.data(for: request) }
        try await LimitsTests.waitUntil { FileManager.default.fileExists(atPath: flag + ".started") }
        await group.triggerGracefulShutdown()
        // New connections are refused once the listener has closed, while the admitted run still waits.
        var health = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/health")!)
        health.timeoutInterval = 5
        var refused = false
        for _ in 0..<600 where !refused {
            do {
                _ = try await URLSession.shared.data(for: health)
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                refused = true
            }
        }
        #expect(refused)
        #expect(FileManager.default.createFile(atPath: flag, contents: Data()))
        let (body, response) = try await inFlight.value
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == #"{"waited":"done"}"# + "\n")
        try await running.value
    }

    @Test func llmChunksReachTheClientBeforeTheAnswerIsComplete() async throws {
        let llm = TestLLMServer()
        let url = try await llm.start()
        llm.pauseStreamsAfterFirstChunk()
        do {
            let served = try await ServedFlow(files: try StreamingTests.example("chat-basic"), llmURL: url)
            defer { served.close() }
            try await served.test(.live) { client in
                let connection = try RawHTTPConnection(port: try #require(client.port))
                let body = #"{"question": "one two three four five"}"#
                connection.send(
                    "POST /score HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Content-Type: application/json\r\nConnection: close\r\n"
                        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                // The LLM server holds the rest of its answer until resumed: the first chunk must already be here.
                try await LimitsTests.waitUntil { connection.received.contains(#"data: {"answer": "echo: one "}"#) }
                #expect(!connection.received.contains("two three"))
                llm.resumeStreams()
                try await LimitsTests.waitUntil { connection.isClosed }
                #expect(connection.received.contains(#"data: {"answer": "two three "}"#))
                #expect(connection.received.contains("text/event-stream; charset=utf-8"))
            }
        } catch {
            llm.resumeStreams()
            await llm.stop()
            throw error
        }
        await llm.stop()
    }
}
