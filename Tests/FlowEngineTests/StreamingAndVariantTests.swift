import FlowSpec
import Foundation
import Testing

@testable import FlowEngine

/// Generator tools feeding a flow output, prompt nodes, and variants.
@Suite struct StreamingAndVariantTests {
    static func streamingFlow() async throws -> (EngineFlowFolder, FlowExecutor) {
        let runner = ScriptedToolRunner([
            "words.py": .init(parameters: [p("text")], isGenerator: true) { args in
                .list((args["text"]?.stringValue ?? "").split(separator: " ").map { .string($0 + " ") })
            }
        ])
        let folder = try EngineFlowFolder([
            "words.py": "",
            "flow.dag.yaml": """
                inputs:
                  text: {type: string, default: one two three}
                outputs:
                  answer: {reference: '${words.output}'}
                  echo: {reference: '${inputs.text}'}
                nodes:
                - {name: words, type: python, source: {type: code, path: words.py}, inputs: {text: '${inputs.text}'}}
                """,
        ])
        return (folder, try await FlowExecutor(flow: try folder.load(), pythonRunner: runner))
    }

    @Test func generatorOutputStreamsWhenAsked() async throws {
        let (folder, executor) = try await Self.streamingFlow()
        _ = folder
        let result = try await executor.run(inputs: [:], stream: true)
        let stream = try #require(result.stream)
        #expect(stream.name == "answer")
        #expect(result.outputs == ["echo": "one two three"])
        var chunks: [String] = []
        for try await chunk in stream.chunks { chunks.append(chunk) }
        #expect(chunks == ["one ", "two ", "three "])
        #expect(result.record.node("words")?.isStreamed == true)
    }

    @Test func generatorOutputIsJoinedWithoutStreaming() async throws {
        let (folder, executor) = try await Self.streamingFlow()
        _ = folder
        let result = try await executor.run(inputs: [:])
        #expect(result.stream == nil)
        #expect(result.outputs == ["answer": "one two three ", "echo": "one two three"])
    }

    static let variantsYAML = """
        inputs:
          name: {type: string, default: Ada}
        outputs:
          greeting: {reference: '${greet.output}'}
        nodes:
        - {name: greet, use_variants: true}
        node_variants:
          greet:
            default_variant_id: variant_0
            variants:
              variant_0:
                node:
                  type: prompt
                  source: {type: code, path: hello.jinja2}
                  inputs: {name: '${inputs.name}'}
              variant_1:
                node:
                  type: prompt
                  source: {type: code, path: bye.jinja2}
                  inputs: {name: '${inputs.name}', punctuation: '!'}
        """

    @Test func defaultVariantOrTheSelectedOne() async throws {
        let folder = try EngineFlowFolder([
            "flow.dag.yaml": Self.variantsYAML,
            "hello.jinja2": "Hello {{ name }}.",
            "bye.jinja2": "{% for c in name %}{{ c | upper }}{% endfor %}, goodbye{{ punctuation }}",
        ])
        let executor = try await FlowExecutor(flow: try folder.load())
        #expect(try await executor.run(inputs: [:]).outputs == ["greeting": "Hello Ada."])
        let selected = try await executor.run(inputs: ["name": "Bo"], variant: "${greet.variant_1}")
        #expect(selected.outputs == ["greeting": "BO, goodbye!"])
        #expect(selected.record.variant == "${greet.variant_1}")
        await #expect(throws: FlowRunError.self) {
            _ = try await executor.run(inputs: [:], variant: "${greet.variant_9}")
        }
    }

    @Test func promptTemplateErrorsAreLoadErrorsAndRenderErrorsNameTheNode() async throws {
        let broken = try EngineFlowFolder([
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  out: {reference: '${p.output}'}
                nodes:
                - {name: p, type: prompt, source: {type: code, path: p.jinja2}}
                """,
            "p.jinja2": "{% if %}",
        ])
        let flow = try broken.load()
        await #expect {
            _ = try await FlowExecutor(flow: flow)
        } throws: { error in
            (error as? FlowRunError)?.message.hasPrefix("Node 'p': the template 'p.jinja2' does not load") == true
        }
        let failing = try EngineFlowFolder([
            "flow.dag.yaml": """
                inputs: {}
                outputs:
                  out: {reference: '${p.output}'}
                nodes:
                - {name: p, type: prompt, source: {type: code, path: p.jinja2}}
                """,
            "p.jinja2": "{{ missing.attribute }}",
        ])
        let executor = try await FlowExecutor(flow: try failing.load())
        await #expect {
            _ = try await executor.run(inputs: [:])
        } throws: { error in
            (error as? FlowRunError)?.message
                == "Failed to render jinja template: UndefinedError: 'missing' is undefined. "
                + "Please modify your prompt to fix the issue."
                && (error as? FlowRunError)?.kind == .user
        }
    }
}
