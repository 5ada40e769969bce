import Foundation
import Testing

@testable import FlowSpec

@Suite struct DAGFlowTests {
    static let fullFlow = """
        $schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
        display_name: Full flow
        description: Every key of flow.dag.yaml
        language: python
        message_format: basic
        tags:
          owner: team-a
        environment:
          image: mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest
          python_requirements_txt: requirements.txt
        environment_variables:
          PF_WORKER_COUNT: 2
          FEATURES: [a, b]
          SETTINGS: {a: 1, b: two}
        additional_includes:
          - shared/utils.py
        inputs:
          question:
            type: string
            description: What the user asks
            is_chat_input: true
          chat_history:
            type: list
            default: []
            is_chat_history: true
          count:
            type: int
            default: 3
          ratio:
            type: double
            default: 0.5
          verbose:
            type: bool
            default: "False"
          options:
            type: object
            default: {k: v}
          picture:
            type: image
            default: data:image/png;base64,AAAA
          tone:
            type: string
            default: formal
            enum: [formal, casual]
        outputs:
          answer:
            type: string
            reference: ${chat.output}
            is_chat_output: true
          first_doc:
            reference: ${fetch.output.docs[0]['title']}
            description: The first document's title
          echo:
            reference: ${inputs.question}
            evaluation_only: true
          score:
            reference: ${grade.output}
        nodes:
        - name: chat
          type: llm
          source:
            type: code
            path: chat.jinja2
          inputs:
            deployment_name: gpt-4o
            temperature: 0.2
            question: ${inputs.question}
            history: ${flow.chat_history}
            context: ${fetch}
          connection: open_ai_connection
          api: chat
          provider: AzureOpenAI
          comment: the answering step
          enable_cache: true
        - name: fetch
          type: python
          source:
            type: code
            path: fetch.py
          inputs:
            query: ${inputs.question}
            limit: ${inputs.count}
            tags: [a, b]
        - name: shorten
          type: prompt
          source:
            type: code
            path: shorten.jinja2
          inputs:
            text: ${fetch.output.docs}
          activate:
            when: ${inputs.verbose}
            is: true
        - name: embed
          type: python
          source:
            type: package
            tool: promptflow.tools.embedding.embedding
          inputs:
            connection: azure_open_ai_connection
            input: ${inputs.question}
        - name: custom
          type: custom_llm
          source:
            type: package_with_prompt
            tool: my_tools.llm.call
            path: custom.jinja2
          inputs:
            connection: custom_connection
        - name: summarize
          use_variants: true
        - name: grade
          type: python
          source:
            type: code
            path: grade.py
          inputs:
            answers: ${chat.output}
          aggregation: true
        node_variants:
          summarize:
            default_variant_id: variant_1
            variants:
              variant_0:
                node:
                  type: llm
                  source:
                    type: code
                    path: summarize.jinja2
                  inputs:
                    text: ${fetch.output}
                  connection: open_ai_connection
                  api: completion
              variant_1:
                description: shorter
                node:
                  type: python
                  source:
                    type: code
                    path: summarize.py
                  inputs:
                    text: ${shorten.output}
        """

    static func makeFullFlow() throws -> TemporaryFlow {
        try TemporaryFlow(
            "full-flow",
            files: [
                "flow.dag.yaml": fullFlow, "chat.jinja2": "system:\n{{question}}\n", "fetch.py": "",
                "shorten.jinja2": "",
                "custom.jinja2": "", "grade.py": "", "summarize.jinja2": "", "summarize.py": "", "requirements.txt": "",
                "shared/utils.py": "",
            ])
    }

    @Test func loadsEveryKey() throws {
        let folder = try Self.makeFullFlow()
        let flow = try folder.load()
        #expect(flow.kind == .chat)
        #expect(flow.name == "full-flow")
        #expect(flow.file == "flow.dag.yaml")
        #expect(flow.metadata.schema == "https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json")
        #expect(flow.metadata.displayName == "Full flow")
        #expect(flow.metadata.description == "Every key of flow.dag.yaml")
        #expect(flow.metadata.language == "python")
        #expect(flow.metadata.messageFormat == "basic")
        #expect(flow.metadata.tags == ["owner": "team-a"])
        #expect(
            flow.environment
                == FlowEnvironment(
                    image: "mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest",
                    pythonRequirementsTxt: "requirements.txt"))
        #expect(
            flow.environmentVariables == [
                "PF_WORKER_COUNT": 2, "FEATURES": ["a", "b"], "SETTINGS": ["a": 1, "b": "two"],
            ])
        #expect(flow.environmentVariables.keys == ["PF_WORKER_COUNT", "FEATURES", "SETTINGS"])
        #expect(flow.additionalIncludes == ["shared/utils.py"])

        #expect(
            flow.inputs.map(\.name) == [
                "question", "chat_history", "count", "ratio", "verbose", "options", "picture", "tone",
            ])
        #expect(flow.inputs.map(\.type) == [.string, .list, .int, .double, .bool, .object, .image, .string])
        let question = try #require(flow.input("question"))
        #expect(question.isRequired && question.isChatInput && question.description == "What the user asks")
        #expect(question.location == SourceLocation(line: 18, column: 3))
        #expect(flow.input("chat_history")?.isChatHistory == true)
        #expect(flow.input("chat_history")?.defaultValue == [])
        #expect(flow.input("count")?.defaultValue == 3)
        #expect(flow.input("ratio")?.defaultValue == 0.5)
        #expect(flow.input("verbose")?.defaultValue == "False")
        #expect(flow.input("options")?.defaultValue == ["k": "v"])
        #expect(flow.input("tone")?.enumValues == ["formal", "casual"])
        #expect(flow.input("count")?.isRequired == false)
        #expect(flow.chatInput?.name == "question")
        #expect(flow.chatHistory?.name == "chat_history")

        #expect(flow.outputs.map(\.name) == ["answer", "first_doc", "echo", "score"])
        #expect(flow.outputs[0].reference == .nodeOutput(node: "chat", path: []))
        #expect(flow.outputs[0].isChatOutput && flow.outputs[0].type == .string)
        #expect(
            flow.outputs[1].reference == .nodeOutput(node: "fetch", path: [.key("docs"), .index(0), .key("title")]))
        #expect(flow.outputs[1].description == "The first document's title")
        #expect(flow.outputs[2].reference == .flowInput("question") && flow.outputs[2].evaluationOnly)
        #expect(flow.outputs[3].isServed == false)
        #expect(flow.chatOutput?.name == "answer")
        #expect(
            flow.warnings.map(\.description) == [
                "flow.dag.yaml:57:16: output 'score' references aggregation node 'grade'; aggregation nodes do not run when serving, so this output is left out"
            ])

        #expect(flow.nodes.map(\.name) == ["chat", "fetch", "shorten", "embed", "custom", "summarize", "grade"])
        let chat = try #require(flow.node("chat"))
        #expect(
            chat.kind == .llm && chat.api == .chat && chat.connection == "open_ai_connection"
                && chat.provider == "AzureOpenAI")
        #expect(chat.source == .code(path: "chat.jinja2"))
        #expect(chat.inputs.map(\.name) == ["deployment_name", "temperature", "question", "history", "context"])
        #expect(chat.input("temperature") == .literal(0.2))
        #expect(chat.input("history") == .flowInput("chat_history"))
        #expect(chat.input("context") == .nodeOutput(node: "fetch", path: []))
        #expect(chat.extra == ["comment": "the answering step", "enable_cache": true])
        #expect(chat.dependencies == ["fetch"])
        #expect(flow.node("fetch")?.input("tags") == .literal(["a", "b"]))
        #expect(flow.node("shorten")?.activate == Activate(when: .flowInput("verbose"), value: true))
        #expect(flow.node("embed")?.source == .package(tool: "promptflow.tools.embedding.embedding"))
        #expect(flow.node("custom")?.source == .packageWithPrompt(tool: "my_tools.llm.call", path: "custom.jinja2"))
        #expect(flow.node("custom")?.kind == .customLLM)
        #expect(flow.node("summarize")?.useVariants == true && flow.node("summarize")?.kind == nil)
        #expect(flow.node("grade")?.aggregation == true)

        let variants = try #require(flow.nodeVariants["summarize"])
        #expect(variants.defaultVariantID == "variant_1")
        #expect(variants.variants.map(\.id) == ["variant_0", "variant_1"])
        #expect(variants.variant("variant_0")?.node.api == .completion)
        #expect(variants.variant("variant_1")?.description == "shorter")
        #expect(flow.resolvedNode("summarize")?.source == .code(path: "summarize.py"))
        #expect(flow.resolvedNode("summarize")?.name == "summarize")

        #expect(flow.executionOrder == ["fetch", "chat", "shorten", "embed", "custom", "summarize", "grade"])
        #expect(flow.connectionsNeeded == ["open_ai_connection"])
        #expect(flow.pythonTools == ["fetch.py", "summarize.py", "grade.py"])
        let selection = try flow.variantSelection("${summarize.variant_0}")
        #expect(selection.node == "summarize" && selection.variant == "variant_0")
    }

    @Test func loadsFromTheFilePathToo() throws {
        let folder = try Self.makeFullFlow()
        let flow = try folder.load("flow.dag.yaml")
        #expect(flow.name == "full-flow")
        #expect(flow.directory.lastPathComponent == "full-flow")
    }

    @Test func variantSelectionErrors() throws {
        let flow = try Self.makeFullFlow().load()
        #expect(throws: FlowValidationError.self) { try flow.variantSelection("${summarize.variant_9}") }
        do {
            _ = try flow.variantSelection("${summarize.variant_9}")
        } catch {
            #expect(
                error.description
                    == "flow.dag.yaml: variant reference '${summarize.variant_9}' names unknown variant 'variant_9' of node 'summarize' (known: variant_0, variant_1)"
            )
        }
        do {
            _ = try flow.variantSelection("${chat.variant_0}")
        } catch {
            #expect(
                error.description
                    == "flow.dag.yaml: variant reference '${chat.variant_0}' names node 'chat', which has no node_variants"
            )
        }
        do {
            _ = try flow.variantSelection("summarize")
        } catch {
            #expect(
                error.description
                    == "flow.dag.yaml: 'summarize' is not a variant reference; write it as ${node_name.variant_id}")
        }
    }

    @Test func flowKinds() throws {
        let standard = try TemporaryFlow(files: [
            "flow.dag.yaml": "inputs:\n  x: {type: string}\noutputs:\n  y: {reference: '${inputs.x}'}\n"
        ])
        #expect(try standard.load().kind == .standard)
        let evaluation = try TemporaryFlow(files: [
            "flow.dag.yaml": """
            nodes:
            - {name: agg, type: python, source: {type: code, path: agg.py}, inputs: {}, aggregation: true}
            """,
            "agg.py": "",
        ])
        #expect(try evaluation.load().kind == .evaluation)
        let declared = try TemporaryFlow(files: ["flow.dag.yaml": "type: evaluation\ninputs: {}\n"])
        #expect(try declared.load().kind == .evaluation)
    }
}
