import Foundation
import Testing

@testable import FlowSpec

/// Each bad flow reports the exact sentence at the exact file:line:column.
@Suite struct ValidationTests {
    func errors(_ yaml: String, files: [String: String] = [:]) throws -> [String] {
        var all = files
        all["flow.dag.yaml"] = yaml
        return try TemporaryFlow(files: all).errors()
    }

    @Test func yamlSyntaxError() throws {
        #expect(
            try errors("inputs:\n  x: [1, 2\nnodes: []\n") == [
                "flow.dag.yaml:3:6: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence"
            ])
    }

    @Test func duplicateKey() throws {
        #expect(
            try errors("inputs:\n  x: {type: string}\n  x: {type: int}\n") == [
                "flow.dag.yaml:2:3: duplicate key 'x' in a mapping; each key may appear only once"
            ])
    }

    @Test func rootMustBeAMapping() throws {
        #expect(
            try errors("- a\n- b\n") == [
                "flow.dag.yaml:1:1: the flow file must be a YAML mapping with inputs, outputs and nodes"
            ])
        #expect(
            try errors("") == ["flow.dag.yaml: the flow file must be a YAML mapping with inputs, outputs and nodes"])
    }

    @Test func missingRequiredKeys() throws {
        let yaml = """
            inputs:
              text: {description: no type}
            outputs:
              out: {type: string}
            nodes:
            - type: python
              source: {type: code, path: a.py}
            - name: b
              inputs: {}
            - name: c
              type: python
              source: {type: code}
            - name: d
              type: python
              source: {type: package}
            - name: [e]
              type: python
              source: {type: code, path: a.py}
            """
        #expect(
            try errors(yaml, files: ["a.py": ""]) == [
                "flow.dag.yaml:2:3: input 'text' has no type; add `type:` with one of int, double, bool, string, list, object, image",
                "flow.dag.yaml:4:3: output 'out' has no reference; set `reference:` to ${node_name.output} or ${inputs.name}",
                "flow.dag.yaml:6:3: nodes entry #1 has no name; every node needs a unique `name:`",
                "flow.dag.yaml:8:9: node 'b' has no type; add `type:` with one of llm, prompt, python, custom_llm",
                "flow.dag.yaml:8:9: node 'b' has no source; add `source: {type: code, path: <file>}` or `source: {type: package, tool: <tool>}`",
                "flow.dag.yaml:12:11: the source of node 'c' has no path; add `path:` with a file in the flow folder",
                "flow.dag.yaml:15:11: the source of node 'd' has no tool; add `tool:` with the package tool's name",
                "flow.dag.yaml:16:9: the name of nodes entry #5 must be a string, not a list",
            ])
    }

    @Test func wrongTypedKeys() throws {
        let yaml = """
            inputs: [question]
            outputs:
              out: just-a-string
            nodes:
            - name: a
              type: python
              source: {type: code, path: a.py}
              inputs: [x]
              aggregation: maybe
              connection: [c]
            additional_includes: lib.py
            environment_variables: [A]
            """
        #expect(
            try errors(yaml, files: ["a.py": ""]) == [
                "flow.dag.yaml:1:9: inputs must be a mapping, not a list",
                "flow.dag.yaml:3:8: output 'out' must be a mapping with a reference (for example `reference: ${node.output}`)",
                "flow.dag.yaml:8:11: the inputs of node 'a' must be a mapping, not a list",
                "flow.dag.yaml:9:16: aggregation of node 'a' must be true or false, not \"maybe\"",
                "flow.dag.yaml:10:15: the connection of node 'a' must be a string, not a list",
                "flow.dag.yaml:11:22: additional_includes must be a list, not a string",
                "flow.dag.yaml:12:24: environment_variables must be a mapping, not a list",
            ])
    }

    @Test func duplicateNodeNames() throws {
        let yaml = """
            nodes:
            - name: fetch
              type: python
              source: {type: code, path: a.py}
            - name: fetch
              type: python
              source: {type: code, path: a.py}
            """
        #expect(
            try errors(yaml, files: ["a.py": ""]) == [
                "flow.dag.yaml:5:9: node name 'fetch' is used more than once (first defined at line 2); node names must be unique"
            ])
    }

    @Test func unknownReferences() throws {
        let yaml = """
            inputs:
              question: {type: string}
            outputs:
              a: {reference: '${missing_node.output}'}
              b: {reference: '${inputs.missing_input}'}
              c: {reference: '${summarize.variant_1}'}
            nodes:
            - name: summarize
              type: python
              source: {type: code, path: a.py}
              inputs:
                text: ${fetch.output}
                query: ${inputs.qustion}
                other: ${summarize2.variant_1}
                bad: ${inputs.}
            """
        #expect(
            try errors(yaml, files: ["a.py": ""]) == [
                "flow.dag.yaml:4:18: output 'a' references unknown node 'missing_node'",
                "flow.dag.yaml:5:18: output 'b' references unknown flow input 'missing_input'",
                "flow.dag.yaml:6:18: output 'c' references 'variant_1' of node 'summarize'; only a node's output can be referenced (${summarize.output})",
                "flow.dag.yaml:12:11: node 'summarize' input 'text' references unknown node 'fetch'",
                "flow.dag.yaml:13:12: node 'summarize' input 'query' references unknown flow input 'qustion'",
                "flow.dag.yaml:14:12: node 'summarize' input 'other' references unknown node 'summarize2'",
                "flow.dag.yaml:15:10: node 'summarize' input 'bad': invalid reference '${inputs.}': expected a flow input name after 'inputs.'",
            ])
    }

    @Test func variantReferenceInANodeInput() throws {
        let yaml = """
            nodes:
            - name: summarize
              use_variants: true
            - name: use
              type: python
              source: {type: code, path: a.py}
              inputs:
                text: ${summarize.variant_0}
            node_variants:
              summarize:
                default_variant_id: variant_0
                variants:
                  variant_0:
                    node: {type: python, source: {type: code, path: a.py}}
            """
        #expect(
            try errors(yaml, files: ["a.py": ""]) == [
                "flow.dag.yaml:8:11: node 'use' input 'text' references variant 'variant_0' of node 'summarize'; inputs can only reference a node's output (${summarize.output}); a run selects variants"
            ])
    }

    @Test func aggregationMisuse() throws {
        let yaml = """
            inputs:
              x: {type: string}
            nodes:
            - name: line
              type: python
              source: {type: code, path: a.py}
              inputs: {x: '${inputs.x}'}
            - name: agg
              type: python
              source: {type: code, path: a.py}
              inputs: {values: '${line.output}'}
              aggregation: true
            - name: after
              type: python
              source: {type: code, path: a.py}
              inputs: {metrics: '${agg.output}'}
            - name: agg2
              type: python
              source: {type: code, path: a.py}
              inputs: {values: '${agg}'}
              activate: {when: '${line.output}', is: true}
              reduce: true
            """
        #expect(
            try errors(yaml, files: ["a.py": ""]) == [
                "flow.dag.yaml:16:21: node 'after' input 'metrics' references aggregation node 'agg'; only aggregation nodes can use an aggregation node's output",
                "flow.dag.yaml:21:20: activate 'when' of node 'agg2' references non-aggregation node 'line'; an aggregation node can only be activated by a flow input or another aggregation node",
            ])
    }

    @Test func badActivate() throws {
        let yaml = """
            inputs:
              x: {type: bool}
            nodes:
            - name: a
              type: python
              source: {type: code, path: a.py}
              activate: {when: '${inputs.x}'}
            - name: b
              type: python
              source: {type: code, path: a.py}
              activate:
                when: always
                is: true
            - name: c
              type: python
              source: {type: code, path: a.py}
              activate: yes-please
            - name: d
              type: python
              source: {type: code, path: a.py}
              activate: {when: '${ghost.output}', is: 1}
            - name: e
              type: python
              source: {type: code, path: a.py}
              activate: {}
            """
        #expect(
            try errors(yaml, files: ["a.py": ""]) == [
                "flow.dag.yaml:7:13: activate of node 'a' has no 'is'; activate needs both 'when' and 'is'",
                "flow.dag.yaml:12:11: activate 'when' of node 'b' is the literal \"always\"; it must be a reference like ${node_name.output} or ${inputs.name}",
                "flow.dag.yaml:17:13: activate of node 'c' must be a mapping with 'when' and 'is', not a string",
                "flow.dag.yaml:21:20: activate 'when' of node 'd' references unknown node 'ghost'",
                "flow.dag.yaml:25:13: activate of node 'e' has no 'when' and 'is'; activate needs both 'when' and 'is'",
            ])
    }

    @Test func nodeTypeSourceApiAndConnection() throws {
        let yaml = """
            nodes:
            - name: a
              type: javascript
              source: {type: code, path: a.py}
            - name: b
              type: python
              source: {type: git, path: a.py}
            - name: c
              type: llm
              source: {type: code, path: c.jinja2}
            - name: d
              type: llm
              source: {type: code, path: c.jinja2}
              connection: conn
              api: embeddings
            """
        #expect(
            try errors(yaml, files: ["a.py": "", "c.jinja2": ""]) == [
                "flow.dag.yaml:3:9: node 'a' has unknown type 'javascript'; expected one of llm, prompt, python, custom_llm",
                "flow.dag.yaml:7:18: the source of node 'b' has unknown type 'git'; expected code, package or package_with_prompt",
                "flow.dag.yaml:8:9: llm node 'c' has no connection; set `connection:` to the name of an OpenAI or Azure OpenAI connection",
                "flow.dag.yaml:8:9: llm node 'c' has no api; set `api: chat` or `api: completion`",
                "flow.dag.yaml:15:8: node 'd' has unknown api 'embeddings'; expected chat or completion",
            ])
    }

    @Test func missingSourceFiles() throws {
        let yaml = """
            environment:
              python_requirements_txt: requirements.txt
            additional_includes: [common/missing.py]
            nodes:
            - name: a
              type: python
              source: {type: code, path: tools/fetch.py}
            - name: b
              type: prompt
              source:
                type: code
                path: prompt.jinja2
            """
        #expect(
            try errors(yaml) == [
                "flow.dag.yaml:2:28: environment python_requirements_txt 'requirements.txt' does not exist in the flow folder",
                "flow.dag.yaml:3:23: additional_includes entry 'common/missing.py' does not exist in the flow folder",
                "flow.dag.yaml:7:30: the source path of node 'a' 'tools/fetch.py' does not exist in the flow folder",
                "flow.dag.yaml:12:11: the source path of node 'b' 'prompt.jinja2' does not exist in the flow folder",
            ])
    }

    @Test func inputTypesDefaultsAndEnums() throws {
        let yaml = """
            inputs:
              a: {type: integer}
              b: {type: int, default: abc}
              c: {type: bool, default: maybe}
              d: {type: list, default: "not json"}
              e: {type: double, default: [1]}
              f: {type: string, default: casual, enum: [formal, friendly]}
              g: {type: int, default: "12"}
              h: {type: bool, default: "TRUE"}
              i: {type: list, default: "[1, 2]"}
              j: {type: object, default: "not json is kept"}
              k: {type: string, default: null}
            """
        #expect(
            try errors(yaml) == [
                "flow.dag.yaml:2:13: input 'a' has unknown type 'integer'; expected one of int, double, bool, string, list, object, image",
                "flow.dag.yaml:3:27: input 'b' default \"abc\" is not a valid int",
                "flow.dag.yaml:4:28: input 'c' default \"maybe\" is not a valid bool",
                "flow.dag.yaml:5:28: input 'd' default \"not json\" is not a valid list",
                "flow.dag.yaml:6:30: input 'e' default [1] is not a valid double",
                "flow.dag.yaml:7:30: input 'f' default \"casual\" is not one of its enum values: \"formal\", \"friendly\"",
            ])
    }

    @Test func requiredIffNoDefault() throws {
        let flow = try TemporaryFlow(files: [
            "flow.dag.yaml":
                "inputs:\n  a: {type: string}\n  b: {type: string, default: ''}\n  c: {type: string, default: null}\n"
        ]).load()
        #expect(flow.inputs.map(\.isRequired) == [true, false, true])
    }

    @Test func chatFlags() throws {
        let yaml = """
            inputs:
              q1: {type: string, is_chat_input: true}
              q2: {type: string, is_chat_input: true}
            outputs:
              a1: {reference: '${inputs.q1}', is_chat_output: true}
              a2: {reference: '${inputs.q2}', is_chat_output: true}
            """
        #expect(
            try errors(yaml) == [
                "flow.dag.yaml:3:22: input 'q2' is marked is_chat_input, but input 'q1' already is; a chat flow has exactly one chat input",
                "flow.dag.yaml:6:35: output 'a2' is marked is_chat_output, but output 'a1' already is; a chat flow has at most one chat output",
            ])
    }

    @Test func variantsConfiguration() throws {
        let yaml = """
            nodes:
            - name: a
              use_variants: true
            - name: b
              use_variants: true
            node_variants:
              b:
                default_variant_id: v9
                variants:
                  v1:
                    node: {type: python, source: {type: code, path: x.py}}
                  v2: {description: no node}
              ghost:
                default_variant_id: v1
                variants:
                  v1:
                    node: {type: python, source: {type: code, path: x.py}}
            """
        #expect(
            try errors(yaml, files: ["x.py": ""]) == [
                "flow.dag.yaml:2:9: node 'a' sets use_variants: true, but node_variants has no entry for it",
                "flow.dag.yaml:8:25: default_variant_id 'v9' of node 'b' is not one of its variants: v1, v2",
                "flow.dag.yaml:12:7: variant 'v2' of node 'b' has no `node:` definition",
                "flow.dag.yaml:13:3: node_variants has an entry for unknown node 'ghost'",
            ])
    }

    @Test func variantNodesAreValidatedLikeNodes() throws {
        let yaml = """
            nodes:
            - name: a
              use_variants: true
            node_variants:
              a:
                default_variant_id: v1
                variants:
                  v1:
                    node:
                      type: llm
                      source: {type: code, path: missing.jinja2}
                      inputs: {q: '${inputs.nope}'}
            """
        #expect(
            try errors(yaml) == [
                "flow.dag.yaml:10:11: llm node 'a' variant 'v1' has no connection; set `connection:` to the name of an OpenAI or Azure OpenAI connection",
                "flow.dag.yaml:10:11: llm node 'a' variant 'v1' has no api; set `api: chat` or `api: completion`",
                "flow.dag.yaml:11:38: the source path of node 'a' variant 'v1' 'missing.jinja2' does not exist in the flow folder",
                "flow.dag.yaml:12:23: node 'a' variant 'v1' input 'q' references unknown flow input 'nope'",
            ])
    }

    /// One file with four different problems gives four diagnostics, in file order.
    @Test func reportsAllProblemsAtOnce() throws {
        let yaml = """
            inputs:
              count: {type: int, default: many}
            nodes:
            - name: summarize
              type: python
              source: {type: code, path: summarize.py}
              inputs:
                text: ${fetch.output}
            - name: summarize
              type: shell
              source: {type: code, path: other.py}
            """
        let found = try errors(yaml, files: ["summarize.py": "", "other.py": ""])
        #expect(
            found == [
                "flow.dag.yaml:2:31: input 'count' default \"many\" is not a valid int",
                "flow.dag.yaml:8:11: node 'summarize' input 'text' references unknown node 'fetch'",
                "flow.dag.yaml:9:9: node name 'summarize' is used more than once (first defined at line 4); node names must be unique",
                "flow.dag.yaml:10:9: node 'summarize' has unknown type 'shell'; expected one of llm, prompt, python, custom_llm",
            ])
    }

    @Test func errorDescriptionHasOneDiagnosticPerLine() throws {
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": "inputs:\n  a: {type: x}\n  b: {type: y}\n"])
        do {
            _ = try folder.load()
            Issue.record("expected an error")
        } catch let error as FlowValidationError {
            #expect(
                error.description == """
                    flow.dag.yaml:2:13: input 'a' has unknown type 'x'; expected one of int, double, bool, string, list, object, image
                    flow.dag.yaml:3:13: input 'b' has unknown type 'y'; expected one of int, double, bool, string, list, object, image
                    """)
            #expect(
                error.diagnostics[0].line == 2 && error.diagnostics[0].column == 13
                    && error.diagnostics[0].file == "flow.dag.yaml")
        }
    }
}
