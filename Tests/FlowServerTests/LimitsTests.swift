import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FlowServer

/// Request body size (413), line timeout (408, run cancelled) and the concurrent-run cap with its queue (429).
/// Ordering comes from files the python tool writes and from the admission counters, never from sleeps.
@Suite struct LimitsTests {
    @Test func bodyOverTheLimitIs413() async throws {
        let served = try await ServedFlow(
            files: FlowFixtures.echo,
            configuration: ServedFlow.configuration(limits: FlowServerLimits(maxBodyBytes: 64)))
        defer { served.close() }
        try await served.test { client in
            let text = String(repeating: "x", count: 100)
            let response = try await client.score(#"{"text": "\#(text)"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(response.text == errorBody("UserError", "The request body is larger than the limit of 64 bytes."))
            let small = try await client.score(#"{"text": "ok"}"#)
            #expect(small.status == .ok)
        }
    }

    @Test func runPastTheLineTimeoutIs408AndCancelled() async throws {
        try await withRunPastTheLineTimeout(FlowFixtures.waiting, answered: { $0.status == .ok }) {
            client, flag, served in
            let response = try await client.score(#"{"flag": "\#(flag)"}"#)
            #expect(response.status == .requestTimeout)
            #expect(
                response.text
                    == errorBody(
                        "UserError", "Line execution timeout for exceeding 8 seconds; the run was cancelled."))
            #expect(served.server.admission.running == 0)
        }
    }

    /// A streamed answer still running at the line timeout ends there: the events written so far reach the
    /// client, the stream closes (no 408: the 200 and the first event are already sent), and the generator's
    /// python call is cancelled with it.
    @Test func streamedAnswerEndsAtTheLineTimeoutAndItsGeneratorIsCancelled() async throws {
        let stream = "text/event-stream"
        try await withRunPastTheLineTimeout(
            FlowFixtures.waitingStream, accept: stream,
            answered: { $0.text == "data: {\"answer\": \"first \"}\n\ndata: {\"answer\": \"last\"}\n\n" }
        ) { client, flag, served in
            // Without the deadline this answer would take the generator's whole 120 s and end with "last".
            let cut = try await client.score(#"{"flag": "\#(flag)"}"#, accept: stream)
            #expect(cut.status == .ok)
            #expect(cut.text == "data: {\"answer\": \"first \"}\n\n")
            try await Self.waitUntil { served.server.admission.running == 0 }
        }
    }

    /// Serves `files` (a tool waiting for its `flag` input's file) with an 8 s line timeout and hands `body` the
    /// path of a flag nobody creates; afterwards the worker that ran that call must be stopped (cancelled with
    /// the run). First a run whose flag exists starts the worker and imports the tool, so the timed-out run
    /// spends its time in the tool: python's start alone can pass 8 s on a heavily loaded test run (the worker
    /// is then restarted), so it is tried up to five times until `answered` accepts its response.
    private func withRunPastTheLineTimeout(
        _ files: [String: String], accept: String? = nil, answered: @escaping @Sendable (TestResponse) -> Bool,
        _ body: @escaping @Sendable (any TestClientProtocol, String, ServedFlow) async throws -> Void
    ) async throws {
        let served = try await ServedFlow(
            files: files, configuration: ServedFlow.configuration(limits: FlowServerLimits(lineTimeoutSeconds: 8)))
        defer { served.close() }
        let flag = served.directory.appendingPathComponent("never").path
        let ready = served.directory.appendingPathComponent("ready").path
        #expect(FileManager.default.createFile(atPath: ready, contents: Data()))
        try await served.test { client in
            var warm = try await client.score(#"{"flag": "\#(ready)"}"#, accept: accept)
            for _ in 0..<4 where !answered(warm) {
                warm = try await client.score(#"{"flag": "\#(ready)"}"#, accept: accept)
            }
            #expect(answered(warm))
            try await body(client, flag, served)
        }
        let pid = try #require(Int32(try String(contentsOfFile: flag + ".started", encoding: .utf8)))
        try await Self.waitUntil { kill(pid, 0) != 0 }
        #expect(kill(pid, 0) != 0)
    }

    @Test func fullQueueIs429AndQueuedRunsProceedInOrder() async throws {
        let limits = FlowServerLimits(maxConcurrentRuns: 1, maxQueuedRuns: 1)
        let served = try await ServedFlow(
            files: FlowFixtures.waiting, configuration: ServedFlow.configuration(limits: limits))
        defer { served.close() }
        let flag = served.directory.appendingPathComponent("go").path
        let admission = served.server.admission
        try await served.test { client in
            async let first = client.score(#"{"flag": "\#(flag)"}"#)
            try await Self.waitUntil { FileManager.default.fileExists(atPath: flag + ".started") }
            async let second = client.score(#"{"flag": "\#(flag)"}"#)
            try await Self.waitUntil { admission.queued == 1 }
            let refused = try await client.score(#"{"flag": "\#(flag)"}"#)
            #expect(refused.status == .tooManyRequests)
            #expect(
                refused.text
                    == errorBody(
                        "UserError", "Too many requests: 1 runs are in progress and 1 are waiting. Retry later."))
            #expect(FileManager.default.createFile(atPath: flag, contents: Data()))
            let (one, two) = try await (first, second)
            #expect(one.text == #"{"waited":"done"}"# + "\n")
            #expect(two.text == #"{"waited":"done"}"# + "\n")
            #expect(admission.running == 0)
        }
    }

    /// Polls `condition` every 10 ms; fails after a minute, far above anything the condition needs.
    static func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        for _ in 0..<6000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not reached within a minute")
    }
}
