import Foundation
import Testing

@testable import PythonHost

/// Calls queued behind a running one on the same worker: timeouts, deaths, cancellation and reply batching.
/// `tools/gate.py` runs until the test creates its file, so every ordering here comes from events, not time.
@Suite("PythonWorker pipelining", .timeLimit(.minutes(2)))
struct PythonWorkerPipelineTests {
    let fixture: ToolFlowFixture

    init() throws {
        fixture = try ToolFlowFixture()
    }

    @Test func aQueuedCallsTimeoutCountsFromWhenItStarts() async throws {
        let worker = try await PythonWorker.start(try fixture.configuration())
        defer { worker.kill() }
        _ = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 0}"#))
        let slow = Task { try await worker.call(tool: "tools/sleepy.py", arguments: json(#"{"seconds": 5}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 1 }
        // Sent at once, it waits ~5 s behind the sleeper: a timeout counted from sending would fire after 2 s (and 2 s
        // leave a loaded machine room to run the call itself).
        let fast = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#), timeout: .seconds(2))
        #expect(text(fast.value) == #"{"label": "sum", "value": 11}"#)
        #expect(text(try await slow.value.value) == "5")
        #expect(worker.state == .ready)
    }

    enum Death: String, CaseIterable {
        case exit, signal, timeout, cancel
    }

    /// The gate's timeout in the `.timeout` case: the three calls must be queued behind it before it fires. In full
    /// parallel test runs on two cores (browser suites beside them) that took over 1 s once and over 8 s once (the
    /// three calls then ran only on the replacement worker); 30 s costs the case those seconds of waiting, run
    /// beside the other tests.
    static let gateTimeout = Duration.seconds(30)

    @Test(arguments: Death.allCases)
    func aDyingWorkerFailsOnlyTheRunningCallAndTheQueuedOnesRunElsewhere(_ death: Death) async throws {
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1, pipelineDepth: 4)
        pool.longCall = .seconds(3600)
        defer { pool.shutdown() }
        let gate = fixture.gatePath(death.rawValue)
        let then = death == .exit || death == .signal ? death.rawValue : "return"
        let running = Task {
            try await pool.call(
                tool: "tools/gate.py", arguments: json(#"{"path": "\#(gate)", "then": "\#(then)"}"#),
                timeout: death == .timeout ? Self.gateTimeout : nil)
        }
        try await Self.waitUntil { Self.requestsOnWorkers(pool) == 1 }
        let queued = (1...3).map { index in
            Task { try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": \#(index), "b": 0}"#)) }
        }
        // All three are on the gate's worker, behind it, before it dies.
        try await Self.waitUntil { Self.requestsOnWorkers(pool) == 4 }
        let firstWorker = pool.workerProcessIdentifiers
        switch death {
        case .exit, .signal: fixture.open(gate: death.rawValue)
        case .timeout: break
        case .cancel: running.cancel()
        }
        let error = await #expect(throws: (any Error).self) { try await running.value }
        switch death {
        case .exit: #expect(error as? PythonWorkerError == .exited(status: 3, tool: "tools/gate.py"))
        case .signal: #expect(error as? PythonWorkerError == .signaled(signal: SIGKILL, tool: "tools/gate.py"))
        case .timeout: #expect(error as? PythonWorkerError == .timedOut(tool: "tools/gate.py", timeout: Self.gateTimeout))
        case .cancel: #expect(error is CancellationError)
        }
        for (index, call) in queued.enumerated() {
            #expect(text(try await call.value.value) == #"{"label": "sum", "value": \#(index + 1)}"#)
        }
        #expect(pool.liveWorkers == 1)
        #expect(pool.workerProcessIdentifiers != firstWorker)
    }

    @Test func aToolEndingTheProcessWithExitFirstWritesTheRepliesHeldForEarlierCalls() async throws {
        let worker = try await PythonWorker.start(try fixture.configuration())
        defer { worker.kill() }
        // Tools already loaded: the host flushes before a tool it has not seen (its import may block).
        _ = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 0}"#))
        #expect(text(try await worker.call(tool: "tools/crash.py", arguments: json(#"{"how": "no"}"#)).value) == #""survived""#)
        let gate = fixture.gatePath("exit-after-quick")
        let running = Task { try await worker.call(tool: "tools/gate.py", arguments: json(#"{"path": "\#(gate)"}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 1 }
        // Both wait behind the gate, so the host reads them in one batch: the quick call's reply is held while the
        // next call runs at once and ends the process.
        let quick = Task { try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 5}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 2 }
        let exiting = Task { try await worker.call(tool: "tools/crash.py", arguments: json(#"{"how": "exit"}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 3 }
        fixture.open(gate: "exit-after-quick")
        #expect(text(try await running.value.value) == #""opened""#)
        #expect(text(try await quick.value.value) == #"{"label": "sum", "value": 15}"#)
        let error = await #expect(throws: PythonWorkerError.self) { try await exiting.value }
        #expect(error == .exited(status: 3, tool: "tools/crash.py"))
    }

    @Test func cancellingAQueuedCallLeavesTheWorkerAndTheRunningCallAlone() async throws {
        let worker = try await PythonWorker.start(try fixture.configuration())
        defer { worker.kill() }
        let gate = fixture.gatePath("cancel-queued")
        let running = Task { try await worker.call(tool: "tools/gate.py", arguments: json(#"{"path": "\#(gate)"}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 1 }
        let cancelled = Task { try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 2 }
        let after = Task { try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 2}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 3 }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        guard case .busy(_, let tool) = worker.state else {
            Issue.record("the worker is \(worker.state), not running the gate")
            return
        }
        #expect(tool == "tools/gate.py")
        fixture.open(gate: "cancel-queued")
        #expect(text(try await running.value.value) == #""opened""#)
        #expect(text(try await after.value.value) == #"{"label": "sum", "value": 12}"#)
        // The host dropped the cancelled call and said so: nothing is left in flight.
        try await Self.waitUntil { worker.requestsInFlight == 0 }
        #expect(worker.state == .ready)
    }

    @Test func aReplyIsNotHeldBehindALaterCallThatBlocks() async throws {
        let worker = try await PythonWorker.start(try fixture.configuration())
        defer { worker.kill() }
        _ = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 0}"#))
        // A tool never seen before may block: replies are written before it starts.
        try await expectReplyBeforeBlocking(worker, gate: "first")
        // Now gate.py is known to be quick (its file exists): only the flusher writes the held reply.
        fixture.open(gate: "quick")
        _ = try await worker.call(tool: "tools/gate.py", arguments: json(#"{"path": "\#(fixture.gatePath("quick"))"}"#))
        try await expectReplyBeforeBlocking(worker, gate: "second")
    }

    /// Queues add.py and gate.py behind hold.py (so the host reads them together), releases hold.py, and opens
    /// gate.py's file only after add.py's reply arrived: a reply held back would never arrive, which the test
    /// notices after 30 s (it needs milliseconds).
    private func expectReplyBeforeBlocking(_ worker: PythonWorker, gate name: String) async throws {
        let hold = Task {
            try await worker.call(tool: "tools/hold.py", arguments: json(#"{"path": "\#(fixture.gatePath("hold-" + name))"}"#))
        }
        try await Self.waitUntil { worker.requestsInFlight == 1 }
        let quick = Task { try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 5}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 2 }
        let path = fixture.gatePath(name)
        let blocking = Task { try await worker.call(tool: "tools/gate.py", arguments: json(#"{"path": "\#(path)"}"#)) }
        try await Self.waitUntil { worker.requestsInFlight == 3 }
        fixture.open(gate: "hold-" + name)
        let reply = await Self.result(of: quick, within: .seconds(30))
        fixture.open(gate: name)
        guard let reply else {
            Issue.record("add.py's reply was held back behind gate.py, which blocks until that reply arrives")
            return
        }
        #expect(text(try reply.get().value) == #"{"label": "sum", "value": 15}"#)
        #expect(text(try await hold.value.value) == #""released""#)
        #expect(text(try await blocking.value.value) == #""opened""#)
    }

    @Test func nothingIsQueuedBehindAStreamAndAStreamWaitsForAnEmptyWorker() async throws {
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1, pipelineDepth: 4)
        pool.longCall = .seconds(3600)
        defer { pool.shutdown() }
        let gate = fixture.gatePath("stream")
        let running = Task { try await pool.call(tool: "tools/gate.py", arguments: json(#"{"path": "\#(gate)"}"#)) }
        try await Self.waitUntil { Self.requestsOnWorkers(pool) == 1 }
        // The stream waits for the worker to empty, and the plain call after it waits behind it.
        let streamed = Task {
            var chunks: [String] = []
            for try await chunk in pool.stream(tool: "tools/count.py", arguments: json(#"{"n": 2}"#)) {
                chunks.append(text(chunk))
            }
            return chunks
        }
        try await Self.waitUntil { pool.waitingCalls == 1 }
        let plain = Task { try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 3}"#)) }
        try await Self.waitUntil { pool.waitingCalls == 2 }
        #expect(Self.requestsOnWorkers(pool) == 1)
        fixture.open(gate: "stream")
        #expect(text(try await running.value.value) == #""opened""#)
        #expect(try await streamed.value == [#""chunk0""#, #""chunk1""#])
        #expect(text(try await plain.value.value) == #"{"label": "sum", "value": 13}"#)
        #expect(pool.liveWorkers == 1)
    }

    @Test func aLongStreamGetsNoCallsQueuedBehindIt() async throws {
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1, pipelineDepth: 4)
        defer { pool.shutdown() }
        var iterator = pool.stream(tool: "tools/count.py", arguments: json(#"{"n": 1000000000}"#)).makeAsyncIterator()
        #expect(try await iterator.next().map(text) == #""chunk0""#)
        let plain = Task { try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 4}"#)) }
        try await Self.waitUntil { pool.waitingCalls == 1 }
        #expect(pool.callsInFlight == 1)
        plain.cancel()
        await #expect(throws: CancellationError.self) { try await plain.value }
    }

    /// The outcome of `task`, or nil when it has not finished within `limit` (the task keeps running).
    static func result<T: Sendable>(of task: Task<T, any Error>, within limit: Duration) async -> Result<T, any Error>? {
        let first = FirstOutcome<Result<T, any Error>?>()
        return await withCheckedContinuation { continuation in
            first.continuation = continuation
            Task { first.resume(with: await task.result) }
            Task {
                try? await Task.sleep(for: limit)
                first.resume(with: nil)
            }
        }
    }

    /// Requests the pool's workers have been sent and not finished.
    static func requestsOnWorkers(_ pool: PythonWorkerPool) -> Int {
        let workers = pool.lock.withLock { pool.slots.values.map(\.worker) }
        return workers.reduce(0) { $0 + $1.requestsInFlight }
    }

    static func waitUntil(_ condition: () -> Bool) async throws {
        try await PythonWorkerPoolTests.waitUntil(condition)
    }
}

/// Resumes its continuation with the first value offered; later ones are dropped.
private final class FirstOutcome<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    var continuation: CheckedContinuation<Value, Never>?

    func resume(with value: Value) {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: value)
    }
}
