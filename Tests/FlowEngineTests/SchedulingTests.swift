import FlowSpec
import Foundation
import Testing

@testable import FlowEngine

/// Scheduling: dependency order regardless of YAML order, real overlap of independent nodes, references.
@Suite struct SchedulingTests {
    @Test func independentNodesOverlap() async throws {
        let sleeper = ScriptedToolRunner.Tool(parameters: [p("x")]) { args in
            try await Task.sleep(for: .milliseconds(200))
            return args["x"] ?? .null
        }
        let folder = try EngineFlowFolder([
            "sleep.py": "",
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  a: {reference: '${a.output}'}
                  b: {reference: '${b}'}
                nodes:
                - {name: a, type: python, source: {type: code, path: sleep.py}, inputs: {x: A}}
                - {name: b, type: python, source: {type: code, path: sleep.py}, inputs: {x: B}}
                """,
        ])
        let executor = try await FlowExecutor(
            flow: try folder.load(), pythonRunner: ScriptedToolRunner(["sleep.py": sleeper]))
        let result = try await executor.run(inputs: [:])
        #expect(result.outputs == ["a": "A", "b": "B"])
        // The two nodes' run intervals overlap (wall-clock bounds are flaky on a loaded 2-core machine;
        // alone this run takes ~0.2 s).
        let a = try #require(result.record.node("a"))
        let b = try #require(result.record.node("b"))
        #expect(a.startTime < b.endTime && b.startTime < a.endTime)
    }

    @Test func concurrencyLimitIsHonoured() async throws {
        let sleeper = ScriptedToolRunner.Tool(parameters: [p("x")]) { args in
            try await Task.sleep(for: .milliseconds(100))
            return args["x"] ?? .null
        }
        let folder = try EngineFlowFolder([
            "sleep.py": "",
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  a: {reference: '${a.output}'}
                  b: {reference: '${b.output}'}
                nodes:
                - {name: a, type: python, source: {type: code, path: sleep.py}, inputs: {x: A}}
                - {name: b, type: python, source: {type: code, path: sleep.py}, inputs: {x: B}}
                """,
        ])
        let executor = try await FlowExecutor(
            flow: try folder.load(), pythonRunner: ScriptedToolRunner(["sleep.py": sleeper]), nodeConcurrency: 1)
        let result = try await executor.run(inputs: [:])
        let a = try #require(result.record.node("a"))
        let b = try #require(result.record.node("b"))
        #expect(a.endTime <= b.startTime || b.endTime <= a.startTime)
    }

    @Test func yamlOrderDoesNotMatterAndReferencesFollowPaths() async throws {
        let runner = ScriptedToolRunner([
            "make.py": .init(parameters: []) { _ in ["a": [["k": "deep"], ["k": "other"]], "n": 3] },
            "use.py": .init(parameters: [p("value"), p("count", "int")]) { args in
                .string("\(PythonRepr.str(args["value"] ?? .null))x\(PythonRepr.str(args["count"] ?? .null))")
            },
        ])
        let folder = try EngineFlowFolder([
            "make.py": "", "use.py": "",
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  used: {reference: '${use.output}'}
                  whole: {reference: '${make}'}
                  path: {reference: "${make.output.a[1]['k']}"}
                nodes:
                - name: use
                  type: python
                  source: {type: code, path: use.py}
                  inputs:
                    value: "${make.output.a[0]['k']}"
                    count: '${make.output.n}'
                - {name: make, type: python, source: {type: code, path: make.py}}
                """,
        ])
        let executor = try await FlowExecutor(flow: try folder.load(), pythonRunner: runner)
        let result = try await executor.run(inputs: [:])
        #expect(result.outputs["used"] == "deepx3")
        #expect(result.outputs["path"] == "other")
        #expect(result.outputs["whole"] == ["a": [["k": "deep"], ["k": "other"]], "n": 3])
        #expect(result.record.nodes.map(\.node) == ["make", "use"])
    }

    @Test func literalsAreCoercedAndEmptyLiteralsDropped() async throws {
        let runner = ScriptedToolRunner([
            "typed.py": .init(
                parameters: [
                    p("n", "int"), p("f", "float"), p("b", "bool"), p("s", "str"), p("l", "list"),
                    p("d", default: "\"keep\""), p("e", "str", default: "\"default\""),
                ]
            ) { .object($0) }
        ])
        let folder = try EngineFlowFolder([
            "typed.py": "",
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  out: {reference: '${typed.output}'}
                nodes:
                - name: typed
                  type: python
                  source: {type: code, path: typed.py}
                  inputs: {n: '7', f: 2, b: 'True', s: 5, l: '[1, 2]', d: '{"k": 1}', e: ''}
                """,
        ])
        let executor = try await FlowExecutor(flow: try folder.load(), pythonRunner: runner)
        let result = try await executor.run(inputs: [:])
        #expect(
            result.outputs["out"] == ["n": 7, "f": 2.0, "b": true, "s": "5", "l": [1, 2], "d": "{\"k\": 1}"])
        #expect(runner.arguments(of: "typed.py")?["e"] == nil)
    }

    @Test func literalOfTheWrongTypeIsALoadError() async throws {
        let runner = ScriptedToolRunner(["typed.py": .init(parameters: [p("n", "int")]) { .object($0) }])
        let folder = try EngineFlowFolder([
            "typed.py": "",
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  out: {reference: '${typed.output}'}
                nodes:
                - {name: typed, type: python, source: {type: code, path: typed.py}, inputs: {n: many}}
                """,
        ])
        let flow = try folder.load()
        await #expect {
            _ = try await FlowExecutor(flow: flow, pythonRunner: runner)
        } throws: { error in
            (error as? FlowRunError)?.message == "Input 'n' for node 'typed' of value 'many' is not type int."
        }
    }
}
