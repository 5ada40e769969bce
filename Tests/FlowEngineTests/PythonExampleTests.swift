import FlowSpec
import Foundation
import PythonHost
import Testing

@testable import FlowEngine

/// The bundled python-only examples, run through real Python workers (PythonHost).
@Suite struct PythonExampleTests {
    static func executor(_ example: String) async throws -> (FlowExecutor, PythonWorkerPool) {
        let flow = try FlowLoader.load(path: repositoryRoot.appendingPathComponent("examples/flows/\(example)").path)
        let pool = PythonWorkerPool(
            configuration: PythonWorkerConfiguration(
                python: try PythonInterpreter.resolve(), flowDirectory: flow.directory), size: 2)
        return (try await FlowExecutor(flow: flow, pythonRunner: pool), pool)
    }

    @Test func pythonOnlyExampleRuns() async throws {
        let (executor, pool) = try await Self.executor("python-only")
        defer { pool.shutdown() }
        let result = try await executor.run(inputs: [
            "text": "Flows are graphs. Graphs have nodes, and nodes run tools!", "top_n": "2", "ignore_case": "true",
            "stopwords": "[\"and\"]",
        ])
        #expect(
            result.outputs["report"]
                == "10 words, 2 sentences, 57 characters; most frequent: graphs (2), nodes (2)")
        #expect(result.outputs["stats"]?.objectValue?["words"] == 10)
        #expect(result.record.nodes.map(\.status) == [.completed, .completed, .completed])
    }

    @Test func activateBranchesExampleRunsOneBranch() async throws {
        let (executor, pool) = try await Self.executor("activate-branches")
        defer { pool.shutdown() }
        let question = try await executor.run(inputs: ["message": "How do I deploy a flow?"])
        #expect(
            question.outputs == ["kind": "question", "reply": "Good question! Let me look into: How do I deploy a flow?"])
        #expect(question.record.node("acknowledge")?.status == .bypassed)
        let statement = try await executor.run(inputs: ["message": "The deployment finished."])
        #expect(statement.outputs == ["kind": "statement", "reply": "Noted: The deployment finished."])
        #expect(statement.record.node("answer_question")?.status == .bypassed)
    }

    @Test func pythonExceptionBecomesExecutionFailure() async throws {
        let folder = try EngineFlowFolder([
            "boom.py": """
                from promptflow.core import tool

                @tool
                def boom(x: int) -> int:
                    raise ValueError(f"no good: {x}")
                """,
            "flow.dag.yaml": """
                inputs:
                  x: {type: int}
                outputs:
                  out: {reference: '${boom.output}'}
                nodes:
                - {name: boom, type: python, source: {type: code, path: boom.py}, inputs: {x: '${inputs.x}'}}
                """,
        ])
        let flow = try folder.load()
        let pool = PythonWorkerPool(
            configuration: PythonWorkerConfiguration(python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
            size: 1)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        await #expect {
            _ = try await executor.run(inputs: ["x": 3])
        } throws: { error in
            let error = error as? FlowRunError
            return error?.kind == .user && error?.message == "Execution failure in 'boom': (ValueError) no good: 3"
        }
    }
}
