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
        let served = try await ServedFlow(
            files: FlowFixtures.waiting,
            configuration: ServedFlow.configuration(limits: FlowServerLimits(lineTimeoutSeconds: 8)))
        defer { served.close() }
        let flag = served.directory.appendingPathComponent("never").path
        let ready = served.directory.appendingPathComponent("ready").path
        #expect(FileManager.default.createFile(atPath: ready, contents: Data()))
        try await served.test { client in
            // A first run that returns at once starts the worker and imports the tool, so the timed-out run
            // below spends its time waiting in the tool, not starting python on a loaded machine.
            // Under a heavily loaded test run python's start alone can pass the 8 s line timeout (the worker is
            // then restarted), so warm up until one run answers.
            var warm = try await client.score(#"{"flag": "\#(ready)"}"#)
            for _ in 0..<4 where warm.status == .requestTimeout {
                warm = try await client.score(#"{"flag": "\#(ready)"}"#)
            }
            #expect(warm.status == .ok)
            let response = try await client.score(#"{"flag": "\#(flag)"}"#)
            #expect(response.status == .requestTimeout)
            #expect(
                response.text
                    == errorBody(
                        "UserError", "Line execution timeout for exceeding 8 seconds; the run was cancelled."))
            #expect(served.server.admission.running == 0)
        }
        // The python call was cancelled with the run: its worker process is stopped.
        let pid = try #require(Int32(try String(contentsOfFile: flag + ".started", encoding: .utf8)))
        try await Self.waitUntil { kill(pid, 0) != 0 }
        #expect(kill(pid, 0) != 0)
    }

    /// A streamed answer still running at the line timeout ends there: the events written so far reach the
    /// client, the stream closes (no 408: the 200 and the first event are already sent), and the generator's
    /// python call is cancelled with it.
    @Test func streamedAnswerEndsAtTheLineTimeoutAndItsGeneratorIsCancelled() async throws {
        let served = try await ServedFlow(
            files: FlowFixtures.waitingStream,
            configuration: ServedFlow.configuration(limits: FlowServerLimits(lineTimeoutSeconds: 8)))
        defer { served.close() }
        let flag = served.directory.appendingPathComponent("never").path
        let ready = served.directory.appendingPathComponent("ready").path
        #expect(FileManager.default.createFile(atPath: ready, contents: Data()))
        try await served.test { client in
            // Warm up (python's start under a loaded test run can take seconds), as the 408 test does.
            var warm = try await client.score(#"{"flag": "\#(ready)"}"#, accept: "text/event-stream")
            for _ in 0..<4 where !warm.text.contains("last") {
                warm = try await client.score(#"{"flag": "\#(ready)"}"#, accept: "text/event-stream")
            }
            #expect(warm.text == "data: {\"answer\": \"first \"}\n\ndata: {\"answer\": \"last\"}\n\n")
            // Without the deadline this answer would take the generator's whole 120 s and end with "last".
            let cut = try await client.score(#"{"flag": "\#(flag)"}"#, accept: "text/event-stream")
            #expect(cut.status == .ok)
            #expect(cut.text == "data: {\"answer\": \"first \"}\n\n")
            try await Self.waitUntil { served.server.admission.running == 0 }
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
