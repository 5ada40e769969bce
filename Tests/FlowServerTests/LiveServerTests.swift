import FlowServer
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
            #expect(json.text == #"{"output_echo":"Echo: Hello World! ","length":12}"#)
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
        FileManager.default.createFile(atPath: flag, contents: Data())
        let (body, response) = try await inFlight.value
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == #"{"waited":"done"}"#)
        try await running.value
    }
}
