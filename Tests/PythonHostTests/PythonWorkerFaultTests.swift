import Foundation
import Testing

@testable import PythonHost

@Suite("PythonWorker faults")
struct PythonWorkerFaultTests {
    let fixture: ToolFlowFixture

    init() throws {
        fixture = try ToolFlowFixture()
    }

    @Test func osExitFailsOnlyThatCallAndThePoolReplacesTheWorker() async throws {
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1)
        defer { pool.shutdown() }
        let before = try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#))
        #expect(text(before.value) == #"{"label": "sum", "value": 11}"#)
        let error = await #expect(throws: PythonWorkerError.self) {
            try await pool.call(tool: "tools/crash.py", arguments: json(#"{"how": "exit"}"#))
        }
        #expect(error == .exited(status: 3, tool: "tools/crash.py"))
        #expect(error?.description == "python worker exited with status 3 while running tools/crash.py")
        let after = try await pool.call(tool: "tools/add.py", arguments: json(#"{"a": 2}"#))
        #expect(text(after.value) == #"{"label": "sum", "value": 12}"#)
        #expect(pool.liveWorkers == 1)
    }

    @Test func segfaultFailsOnlyThatCallAndTheNextCallSucceeds() async throws {
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 2)
        defer { pool.shutdown() }
        async let survivor = pool.call(tool: "tools/sleepy.py", arguments: json(#"{"seconds": 0.3}"#))
        let error = await #expect(throws: PythonWorkerError.self) {
            try await pool.call(tool: "tools/crash.py", arguments: json(#"{"how": "segfault"}"#))
        }
        #expect(error == .signaled(signal: SIGSEGV, tool: "tools/crash.py"))
        #expect(error?.description == "python worker exited with signal 11 (SIGSEGV) while running tools/crash.py")
        // The other worker's call is untouched.
        #expect(text(try await survivor.value) == "0.3")
        let next = try await pool.call(tool: "tools/crash.py", arguments: json(#"{"how": "nothing"}"#))
        #expect(text(next.value) == #""survived""#)
    }

    @Test func aWorkerKilledFromOutsideReportsTheSignal() async throws {
        let worker = try await PythonWorker.start(try fixture.configuration())
        let call = Task { try await worker.call(tool: "tools/sleepy.py", arguments: json(#"{"seconds": 30}"#)) }
        while worker.state == .ready { await Task.yield() }
        kill(worker.processIdentifier, SIGKILL)
        let error = await #expect(throws: PythonWorkerError.self) { try await call.value }
        #expect(error == .signaled(signal: SIGKILL, tool: "tools/sleepy.py"))
        #expect(worker.state == .dead)
    }

    @Test func timeoutKillsTheWorkerAndThePoolReplacesIt() async throws {
        let pool = PythonWorkerPool(configuration: try fixture.configuration(), size: 1)
        defer { pool.shutdown() }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: PythonWorkerError.self) {
            try await pool.call(
                tool: "tools/sleepy.py", arguments: json(#"{"seconds": 30}"#), timeout: .milliseconds(300))
        }
        #expect(clock.now - start < .seconds(20))  // far below the tool's 30 s sleep, with room for a slow worker start
        #expect(error == .timedOut(tool: "tools/sleepy.py", timeout: .milliseconds(300)))
        #expect(error?.description == "python tool tools/sleepy.py timed out after 0.3 s; its worker was killed")
        let after = try await pool.call(
            tool: "tools/sleepy.py", arguments: json(#"{"seconds": 0.01}"#), timeout: .seconds(10))
        #expect(text(after.value) == "0.01")
    }

    @Test func cancellingTheTaskCancelsTheCall() async throws {
        let worker = try await PythonWorker.start(try fixture.configuration())
        let task = Task { try await worker.call(tool: "tools/sleepy.py", arguments: json(#"{"seconds": 30}"#)) }
        while worker.state == .ready { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(worker.state == .dead)
    }

    @Test func stoppingAStreamEarlyKillsItsWorker() async throws {
        let worker = try await PythonWorker.start(try fixture.configuration())
        let stream = worker.stream(tool: "tools/count.py", arguments: json(#"{"n": 1000000000}"#))
        var iterator = stream.makeAsyncIterator()
        #expect(try await iterator.next().map(text) == #""chunk0""#)
        let task = Task {
            var seen = 0
            for try await _ in stream { seen += 1 }
            return seen
        }
        task.cancel()
        _ = try? await task.value
        #expect(worker.state == .dead)
    }

    @Test func aMissingInterpreterFailsToStart() async throws {
        var configuration = try fixture.configuration()
        configuration.python = URL(fileURLWithPath: "/nonexistent/python3")
        await #expect(throws: PythonWorkerError.self) { try await PythonWorker.start(configuration) }
        #expect(throws: PythonWorkerError.self) {
            try PythonInterpreter.resolve(environment: ["FLOWGATE_PYTHON": "/nonexistent/python3"])
        }
        #expect(
            try PythonInterpreter.resolve(environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""])
                .lastPathComponent == "python3")
    }
}
