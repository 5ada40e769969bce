import FlowSpec
import Testing

@testable import FlowEngine

/// COMPAT §A activate/bypass corner cases, with scripted python tools.
@Suite struct BypassTests {
    static let echo = ScriptedToolRunner.Tool(parameters: [p("x")]) { $0["x"] ?? .null }

    static func runner(extra: [String: ScriptedToolRunner.Tool] = [:]) -> ScriptedToolRunner {
        var tools: [String: ScriptedToolRunner.Tool] = ["echo.py": echo]
        tools["merge.py"] = ScriptedToolRunner.Tool(parameters: [p("a", default: "\"default-a\""), p("b")]) { args in
            .object(args)
        }
        for (key, tool) in extra { tools[key] = tool }
        return ScriptedToolRunner(tools)
    }

    static func flow(_ yaml: String) throws -> (EngineFlowFolder, Flow) {
        let folder = try EngineFlowFolder(["flow.dag.yaml": yaml, "echo.py": "", "merge.py": ""])
        return (folder, try folder.load())
    }

    static let branches = """
        inputs:
          kind: {type: string}
        outputs:
          first: {reference: '${first.output}'}
          second: {reference: '${second.output}'}
          merged: {reference: '${merge.output}'}
        nodes:
        - name: classify
          type: python
          source: {type: code, path: echo.py}
          inputs: {x: '${inputs.kind}'}
        - name: first
          type: python
          source: {type: code, path: echo.py}
          inputs: {x: one}
          activate: {when: '${classify.output}', is: first}
        - name: second
          type: python
          source: {type: code, path: echo.py}
          inputs: {x: two}
          activate: {when: '${classify.output}', is: second}
        - name: merge
          type: python
          source: {type: code, path: merge.py}
          inputs: {a: '${first.output}', b: '${second.output}'}
        """

    @Test func activateRunsOnlyTheMatchingBranch() async throws {
        let (folder, flow) = try Self.flow(Self.branches)
        _ = folder
        let runner = Self.runner()
        let executor = try await FlowExecutor(flow: flow, pythonRunner: runner)
        let result = try await executor.run(inputs: ["kind": "first"])
        #expect(result.outputs["first"] == "one")
        #expect(result.outputs["second"] == .null)
        #expect(result.record.node("second")?.status == .bypassed)
        #expect(result.record.node("first")?.status == .completed)
        // merge runs: one dependency is not bypassed. `b` has no default, so it is passed as null.
        #expect(result.outputs["merged"] == ["a": "one", "b": nil])
    }

    @Test func bypassedInputWithDefaultIsOmitted() async throws {
        let (folder, flow) = try Self.flow(Self.branches)
        _ = folder
        let runner = Self.runner()
        let executor = try await FlowExecutor(flow: flow, pythonRunner: runner)
        let result = try await executor.run(inputs: ["kind": "second"])
        // `a` has a Python default: left out, so the tool's default applies.
        #expect(runner.arguments(of: "merge.py") == ["b": "two"])
        #expect(result.outputs["merged"] == ["b": "two"])
        #expect(result.outputs["first"] == .null)
    }

    @Test func allDependenciesBypassedWithoutActivateBypassesTheNode() async throws {
        let (folder, flow) = try Self.flow(Self.branches)
        _ = folder
        let executor = try await FlowExecutor(flow: flow, pythonRunner: Self.runner())
        let result = try await executor.run(inputs: ["kind": "neither"])
        #expect(result.record.node("merge")?.status == .bypassed)
        #expect(result.outputs["merged"] == .null)
        #expect(result.outputs.keys == ["first", "second", "merged"])
    }

    @Test func withActivateOnlyTheConditionDecides() async throws {
        let yaml = """
            inputs:
              go: {type: bool, default: true}
            outputs:
              out: {reference: '${after.output}'}
            nodes:
            - name: skipped
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: never}
              activate: {when: '${inputs.go}', is: false}
            - name: after
              type: python
              source: {type: code, path: merge.py}
              inputs: {a: '${skipped.output}', b: ran}
              activate: {when: '${inputs.go}', is: true}
            """
        let (folder, flow) = try Self.flow(yaml)
        _ = folder
        let executor = try await FlowExecutor(flow: flow, pythonRunner: Self.runner())
        let result = try await executor.run(inputs: [:])
        #expect(result.record.node("skipped")?.status == .bypassed)
        #expect(result.record.node("after")?.status == .completed)
        #expect(result.outputs["out"] == ["b": "ran"])
    }

    @Test func activateOnABypassedNodeBypasses() async throws {
        let yaml = """
            inputs: {}
            outputs:
              out: {reference: '${third.output}'}
            nodes:
            - name: first
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: a}
              activate: {when: '${first_gate.output}', is: open}
            - name: first_gate
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: closed}
            - name: third
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: c}
              activate: {when: '${first.output}', is: a}
            """
        let (folder, flow) = try Self.flow(yaml)
        _ = folder
        let executor = try await FlowExecutor(flow: flow, pythonRunner: Self.runner())
        let result = try await executor.run(inputs: [:])
        #expect(result.record.node("first")?.status == .bypassed)
        #expect(result.record.node("third")?.status == .bypassed)
        #expect(result.outputs["out"] == .null)
    }

    @Test func activateComparesWithTypes() async throws {
        let yaml = """
            inputs:
              text: {type: string, default: 'true'}
              number: {type: int, default: 1}
            outputs:
              string_is_bool: {reference: '${string_is_bool.output}'}
              string_is_string: {reference: '${string_is_string.output}'}
              int_is_int: {reference: '${int_is_int.output}'}
              int_is_string: {reference: '${int_is_string.output}'}
            nodes:
            - name: string_is_bool
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: ran}
              activate: {when: '${inputs.text}', is: true}
            - name: string_is_string
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: ran}
              activate: {when: '${inputs.text}', is: 'true'}
            - name: int_is_int
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: ran}
              activate: {when: '${inputs.number}', is: 1}
            - name: int_is_string
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: ran}
              activate: {when: '${inputs.number}', is: '1'}
            """
        let (folder, flow) = try Self.flow(yaml)
        _ = folder
        let executor = try await FlowExecutor(flow: flow, pythonRunner: Self.runner())
        let result = try await executor.run(inputs: [:])
        #expect(
            result.outputs == [
                "string_is_bool": nil, "string_is_string": "ran", "int_is_int": "ran", "int_is_string": nil,
            ])
    }

    @Test func activateStringValueDoesNotMatchBool() async throws {
        let yaml = """
            inputs:
              flag: {type: bool}
            outputs:
              on_bool: {reference: '${bool_gate.output}'}
              on_string: {reference: '${string_gate.output}'}
            nodes:
            - name: bool_gate
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: bool}
              activate: {when: '${inputs.flag}', is: true}
            - name: string_gate
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: string}
              activate: {when: '${inputs.flag}', is: 'true'}
            """
        let (folder, flow) = try Self.flow(yaml)
        _ = folder
        let executor = try await FlowExecutor(flow: flow, pythonRunner: Self.runner())
        let result = try await executor.run(inputs: ["flag": "TRUE"])
        #expect(result.outputs["on_bool"] == "bool")
        #expect(result.outputs["on_string"] == .null)
    }

    @Test func aggregationNodesNeverRunInASingleLine() async throws {
        let yaml = """
            inputs:
              x: {type: string, default: hi}
            outputs:
              line: {reference: '${line.output}'}
              total: {reference: '${total.output}'}
            nodes:
            - name: line
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: '${inputs.x}'}
            - name: total
              type: python
              source: {type: code, path: echo.py}
              inputs: {x: '${line.output}'}
              aggregation: true
            """
        let (folder, flow) = try Self.flow(yaml)
        _ = folder
        let runner = Self.runner()
        let executor = try await FlowExecutor(flow: flow, pythonRunner: runner)
        let result = try await executor.run(inputs: [:])
        #expect(result.outputs == ["line": "hi"])
        #expect(result.record.node("total") == nil)
        #expect(runner.calls.count == 1)
    }
}
