import FlowSpec
import Foundation
import PythonHost
import Testing

@testable import FlowEngine

/// `FlowExecutor.runAggregation`: aggregation nodes over the completed lines' lists, `activate` and bypassing among
/// aggregation nodes, `log_metric` metrics (also from generator tools), and a flex class's `__aggregate__`.
@Suite struct AggregationTests {
    static let branching: [String: String] = [
        "line.py": """
        from promptflow.core import tool

        @tool
        def line(x: int) -> int:
            if x < 0:
                raise ValueError("negative")
            return x * 2
        """,
        "decide.py": """
        from promptflow.core import tool, log_metric

        @tool
        def decide(values: list, flags: list) -> dict:
            log_metric("count", len(values))
            return {"report": sum(values) > 10, "flags": flags}
        """,
        "report.py": """
        from promptflow.core import tool, log_metric

        @tool
        def report(values: list):
            log_metric("total", sum(values))
            for v in values:
                yield str(v) + ";"
        """,
        "skip.py": """
        from promptflow.core import tool

        @tool
        def skip(values: list) -> str:
            return "should not run"
        """,
        "after.py": """
        from promptflow.core import tool

        @tool
        def after(upstream: str = "default used") -> str:
            return upstream
        """,
        "flow.dag.yaml": """
        inputs:
          x: {type: int}
          flag: {type: bool, default: true}
        outputs:
          y: {reference: '${line.output}'}
        nodes:
        - {name: line, type: python, source: {type: code, path: line.py}, inputs: {x: '${inputs.x}'}}
        - name: decide
          type: python
          source: {type: code, path: decide.py}
          inputs: {values: '${line.output}', flags: '${inputs.flag}'}
          aggregation: true
        - name: report
          type: python
          source: {type: code, path: report.py}
          inputs: {values: '${line.output}'}
          activate: {when: '${decide.output.report}', is: true}
          aggregation: true
        - name: skipped
          type: python
          source: {type: code, path: skip.py}
          inputs: {values: '${line.output}'}
          activate: {when: '${decide.output.report}', is: false}
          aggregation: true
        - name: flag_scalar
          type: python
          source: {type: code, path: skip.py}
          inputs: {values: '${line.output}'}
          activate: {when: '${inputs.flag}', is: true}
          aggregation: true
        - name: propagated
          type: python
          source: {type: code, path: skip.py}
          inputs: {values: '${skipped.output}'}
          aggregation: true
        - name: after
          type: python
          source: {type: code, path: after.py}
          inputs: {upstream: '${skipped.output}'}
          activate: {when: '${decide.output.report}', is: true}
          aggregation: true
        """,
    ]

    static func pool(_ flow: Flow) throws -> PythonWorkerPool {
        PythonWorkerPool(
            configuration: PythonWorkerConfiguration(
                python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
            size: 2)
    }

    @Test func activateAndBypassAmongAggregationNodesWithMetrics() async throws {
        let folder = try EngineFlowFolder(Self.branching)
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        var lines: [FlowRunRecord] = []
        for x in [3, -1, 5] {
            do {
                lines.append(try await executor.run(inputs: ["x": .int(x)]).record)
            } catch let error as FlowRunError {
                lines.append(try #require(error.record))
            }
        }
        #expect(lines.map(\.status) == [.completed, .failed, .completed])
        let result = try await executor.runAggregation(lines: lines)
        // Failed lines are left out; flow inputs arrive as lists too.
        #expect(result.outputs["decide"] == ["report": true, "flags": [true, true]])
        // A generator aggregation tool: its chunks joined, its log_metric kept.
        #expect(result.outputs["report"] == "6;10;")
        #expect(result.metrics == ["count": 2, "total": 16])
        let status = Dictionary(uniqueKeysWithValues: result.nodes.map { ($0.node, $0.status) })
        #expect(status["report"] == .completed)
        #expect(status["skipped"] == .bypassed)
        // `when` on a flow input sees the list over the lines, which is not `true`.
        #expect(status["flag_scalar"] == .bypassed)
        // Without activate, a node whose only node input was bypassed is bypassed too.
        #expect(status["propagated"] == .bypassed)
        // A bypassed input is left out when the parameter has a default.
        #expect(status["after"] == .completed)
        #expect(result.outputs["after"] == "default used")
        #expect(result.outputs["skipped"] == nil && result.outputs["propagated"] == nil)

        // Through a bulk run, the same metrics land on the result.
        let data = try BulkRunData(jsonl: Array("{\"x\": 3}\n{\"x\": -1}\n{\"x\": 5}\n".utf8))
        let bulk = await BulkRunner(executor: executor, name: "agg").run(data: data)
        #expect(bulk.status == .completed)
        #expect(bulk.metrics == ["count": 2, "total": 16])
    }

    @Test func activateFalseOnTheFirstAggregationNodeBypassesTheChain() async throws {
        var files = Self.branching
        files["line.py"] = files["line.py"]?.replacingOccurrences(of: "return x * 2", with: "return x")
        let folder = try EngineFlowFolder(files)
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        let line = try await executor.run(inputs: ["x": 1]).record
        let result = try await executor.runAggregation(lines: [line])
        #expect(result.outputs["decide"] == ["report": false, "flags": [true]])
        let status = Dictionary(uniqueKeysWithValues: result.nodes.map { ($0.node, $0.status) })
        #expect(status["report"] == .bypassed && status["after"] == .bypassed)
        #expect(status["skipped"] == .completed)
        #expect(status["propagated"] == .completed)
        #expect(result.metrics == ["count": 1])
    }

    @Test func flexClassAggregateGivesTheMetrics() async throws {
        let folder = try EngineFlowFolder([
            "flow.flex.yaml": "entry: grader:Grader\n",
            "grader.py": """
            class Grader:
                def __call__(self, answer: str, truth: str) -> dict:
                    return {"correct": answer == truth}

                def __aggregate__(self, line_results: list) -> dict:
                    right = sum(1 for r in line_results if r["correct"])
                    return {"accuracy": right / len(line_results), "lines": len(line_results)}
            """,
        ])
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        let data = try BulkRunData(
            jsonl: Array(
                """
                {"answer": "a", "truth": "a"}
                {"answer": "b", "truth": "c"}
                {"answer": "d", "truth": "d"}
                {"answer": "e", "truth": "e"}
                """.utf8))
        let bulk = await BulkRunner(executor: executor, name: "grade").run(data: data)
        #expect(bulk.status == .completed)
        #expect(bulk.lines.map { $0.outputs?["correct"] } == [true, false, true, true])
        #expect(bulk.metrics == ["accuracy": 0.75, "lines": 4])
    }
}
