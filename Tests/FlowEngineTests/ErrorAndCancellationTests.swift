import FlowSpec
import Foundation
import PythonHost
import Synchronization
import Testing

@testable import FlowEngine

/// Tool failures, system faults and cancellation.
@Suite struct ErrorAndCancellationTests {
    static let yaml = """
        inputs: {}
        outputs:
          out: {reference: '${failing.output}'}
        nodes:
        - {name: before, type: python, source: {type: code, path: ok.py}}
        - {name: failing, type: python, source: {type: code, path: tool.py}, inputs: {x: '${before.output}'}}
        """

    static func executor(_ tool: ScriptedToolRunner.Tool) async throws -> (EngineFlowFolder, FlowExecutor) {
        let folder = try EngineFlowFolder(["flow.dag.yaml": yaml, "ok.py": "", "tool.py": ""])
        let runner = ScriptedToolRunner(["ok.py": .init(parameters: []) { _ in "fine" }, "tool.py": tool])
        return (folder, try await FlowExecutor(flow: try folder.load(), pythonRunner: runner))
    }

    @Test func toolExceptionIsAUserErrorNamingTheNode() async throws {
        let (folder, executor) = try await Self.executor(
            .init(parameters: [p("x")]) { _ in
                throw PythonToolError(
                    tool: "tool.py", type: "ValueError", module: "builtins", message: "bad value", traceback: "",
                    phase: .call)
            })
        _ = folder
        await #expect {
            _ = try await executor.run(inputs: [:])
        } throws: { error in
            guard let error = error as? FlowRunError else { return false }
            return error.kind == .user && error.message == "Execution failure in 'failing': (ValueError) bad value"
                && error.node == "failing" && error.record?.node("before")?.status == .completed
                && error.record?.node("failing")?.status == .failed
        }
    }

    @Test func workerFaultIsASystemError() async throws {
        let (folder, executor) = try await Self.executor(
            .init(parameters: [p("x")]) { _ in throw PythonWorkerError.exited(status: 1, tool: "tool.py") })
        _ = folder
        await #expect {
            _ = try await executor.run(inputs: [:])
        } throws: { error in
            guard let error = error as? FlowRunError else { return false }
            return error.kind == .system && error.message.hasPrefix("Execution failure in 'failing': ")
        }
    }

    @Test func badPropertyPathIsAUserError() async throws {
        let folder = try EngineFlowFolder([
            "ok.py": "",
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  out: {reference: '${ok.output.missing}'}
                nodes:
                - {name: ok, type: python, source: {type: code, path: ok.py}}
                """,
        ])
        let runner = ScriptedToolRunner(["ok.py": .init(parameters: []) { _ in ["present": 1] }])
        let executor = try await FlowExecutor(flow: try folder.load(), pythonRunner: runner)
        await #expect {
            _ = try await executor.run(inputs: [:])
        } throws: { error in
            (error as? FlowRunError)?.message
                == "Flow execution failed. Invalid property 'missing' when accessing the node 'ok'. "
                + "Please check the property and try again."
        }
    }

    @Test func cancellingARunCancelsInFlightToolsAndStopsScheduling() async throws {
        let cancelled = Mutex(false)
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let (folder, executor) = try await Self.executor(
            .init(parameters: [p("x")]) { _ in
                startedContinuation.yield()
                do {
                    try await Task.sleep(for: .seconds(600))
                } catch {
                    cancelled.withLock { $0 = true }
                    throw error
                }
                return "late"
            })
        _ = folder
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { try await executor.run(inputs: [:]) }
        // Cancel once the slow tool is running (no sleeping as synchronization).
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        let result = await task.result
        #expect(clock.now - start < .seconds(300))  // far under the 600 s the tool would take uncancelled
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(cancelled.withLock { $0 })
    }
}
