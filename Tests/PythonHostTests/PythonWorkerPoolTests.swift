import Foundation
import Testing

@testable import PythonHost

@Suite("PythonWorkerPool")
struct PythonWorkerPoolTests {
    @Test func callsOnAPoolOfTwoRunConcurrently() async throws {
        let fixture = try ToolFlowFixture()
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 2)
        defer { pool.shutdown() }
        // Warm both workers so process start-up is not part of the measurement.
        async let warmA = pool.call(tool: "tools/sleepy.py", arguments: json(#"{"seconds": 0.05}"#))
        async let warmB = pool.call(tool: "tools/sleepy.py", arguments: json(#"{"seconds": 0.05}"#))
        _ = try await (warmA, warmB)
        #expect(pool.liveWorkers == 2)

        // Each call reports when it slept (time.monotonic in its worker): the two intervals must overlap.
        // Wall-clock totals are not asserted, so a loaded machine cannot make this test flaky.
        async let first = pool.call(tool: "tools/span.py", arguments: json(#"{"seconds": 0.3}"#))
        async let second = pool.call(tool: "tools/span.py", arguments: json(#"{"seconds": 0.3}"#))
        let spans = try await [first, second].map { try #require(JSONSerialization.jsonObject(with: $0.value) as? [Double]) }
        #expect(spans.allSatisfy { $0.count == 2 && $0[1] - $0[0] >= 0.29 })
        #expect(spans[0][0] < spans[1][1] && spans[1][0] < spans[0][1], "two 300 ms calls ran one after the other: \(spans)")
    }

    @Test func callsBeyondThePoolSizeQueueAndAllComplete() async throws {
        let fixture = try ToolFlowFixture()
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 2)
        defer { pool.shutdown() }
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<12 {
                group.addTask {
                    text(try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": \#(index), "b": 0}"#)).value)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(values) == Set((0..<12).map { #"{"label": "sum", "value": \#($0)}"# }))
        #expect(pool.liveWorkers <= 2)
    }

    @Test func aFullQueueRefusesNewCalls() async throws {
        let fixture = try ToolFlowFixture()
        let pool = PythonWorkerPool(
            configuration: try fixture.configuration(), size: 1, queueLimit: 1, pipelineDepth: 1)
        _ = try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 0}"#))
        #expect(pool.idleWorkers == 1)
        // One call holds the only worker, the next waits: the queue (limit 1) is full. Both states are observed,
        // not timed, so a loaded machine cannot reorder them.
        let busy = Task { try await pool.call(tool: "tools/sleepy.py", arguments: json(#"{"seconds": 60}"#)) }
        try await Self.waitUntil { pool.idleWorkers == 0 }
        let queued = Task { try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#)) }
        try await Self.waitUntil { pool.waitingCalls == 1 }
        await #expect(throws: PythonWorkerError.queueFull(limit: 1)) {
            try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 2}"#))
        }
        pool.shutdown()
        await #expect(throws: PythonWorkerError.self) { try await busy.value }
        await #expect(throws: PythonWorkerError.shutDown) { try await queued.value }
    }

    @Test func callsQueueOnABusyWorkerUpToThePipelineDepthThenWait() async throws {
        let fixture = try ToolFlowFixture()
        let pool = PythonWorkerPool(
            configuration: try fixture.configuration(), size: 1, queueLimit: 1, pipelineDepth: 2)
        pool.longCall = .seconds(3600)
        defer { pool.shutdown() }
        let gate = fixture.gatePath("depth")
        let running = Task { try await pool.call(tool: "tools/gate.py", arguments: json(#"{"path": "\#(gate)"}"#)) }
        try await Self.waitUntil { pool.callsInFlight == 1 }
        let pipelined = Task { try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#)) }
        try await Self.waitUntil { pool.callsInFlight == 2 }
        #expect(pool.waitingCalls == 0)
        let queued = Task { try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 2}"#)) }
        try await Self.waitUntil { pool.waitingCalls == 1 }
        await #expect(throws: PythonWorkerError.queueFull(limit: 1)) {
            try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 3}"#))
        }
        fixture.open(gate: "depth")
        #expect(text(try await running.value.value) == #""opened""#)
        #expect(text(try await pipelined.value.value) == #"{"label": "sum", "value": 11}"#)
        #expect(text(try await queued.value.value) == #"{"label": "sum", "value": 12}"#)
        #expect(pool.liveWorkers == 1)
        #expect(pool.idleWorkers == 1)
    }

    @Test func nothingIsQueuedBehindACallThatHasBeenRunningLong() async throws {
        let fixture = try ToolFlowFixture()
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1, pipelineDepth: 4)
        pool.longCall = .zero
        defer { pool.shutdown() }
        let gate = fixture.gatePath("long")
        let running = Task { try await pool.call(tool: "tools/gate.py", arguments: json(#"{"path": "\#(gate)"}"#)) }
        try await Self.waitUntil { PythonWorkerPipelineTests.requestsOnWorkers(pool) == 1 }
        // The gate has been running longer than zero: the next call waits for the worker instead.
        let waiting = Task { try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#)) }
        try await Self.waitUntil { pool.waitingCalls == 1 }
        #expect(pool.callsInFlight == 1)
        fixture.open(gate: "long")
        #expect(text(try await running.value.value) == #""opened""#)
        #expect(text(try await waiting.value.value) == #"{"label": "sum", "value": 11}"#)
    }

    /// Polls `condition` every 10 ms for up to a minute.
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<6_000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }

    @Test func streamingThroughThePool() async throws {
        let fixture = try ToolFlowFixture()
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1)
        defer { pool.shutdown() }
        var chunks: [String] = []
        for try await chunk in pool.stream(tool: "tools/count_async.py", arguments: json(#"{"n": 3}"#)) {
            chunks.append(text(chunk))
        }
        #expect(chunks == [#""a0""#, #""a1""#, #""a2""#])
        let signature = try await pool.inspect(tool: "tools/count.py")
        #expect(signature.isGenerator)
        #expect(text(try await pool.echo(json(#"{"x":1}"#))) == #"{"x":1}"#)
    }

    @Test func shutdownFailsLaterCalls() async throws {
        let fixture = try ToolFlowFixture()
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1)
        _ = try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 0}"#))
        pool.shutdown()
        await #expect(throws: PythonWorkerError.shutDown) {
            try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 0}"#))
        }
    }
}
