import FlowSpec
import FlowgateTestSupport
import Foundation
import Testing

@testable import FlowServer

/// `/swagger.json` against the documents promptflow 1.18.5 serves for the same flow folders
/// (`SwaggerExpectedDocuments`): the bytes `pf flow serve` sends and promptflow's own key order.
@Suite struct SwaggerDocumentTests {
    /// Inputs of every type, truthy and falsy defaults, descriptions (one empty), an evaluation-only output.
    static let standardFlow = """
        inputs:
          text:
            type: string
            description: The text to score.
          count:
            type: int
            default: 3
          ratio:
            type: double
            default: 0
            description: ""
          strict:
            type: bool
            default: false
          tags:
            type: list
            default: [a, b]
          options:
            type: object
            default: {mode: fast}
            description: Scoring options.
        outputs:
          answer:
            type: string
            reference: ${echo.output}
            description: The answer.
          details:
            type: object
            reference: ${echo.output}
          items:
            type: list
            reference: ${echo.output}
          score:
            type: double
            reference: ${echo.output}
            evaluation_only: true
          passed:
            type: bool
            reference: ${echo.output}

        """ + TestFlowFiles.pythonNode("echo", inputs: ["text": "${inputs.text}"])
    static let standardSamples = """
        [{"text": "Café au lait", "count": 2, "options": {"mode": "slow", "z": [1, 2.5, null]}}, {"text": "second"}]
        """
    static let echoTool = "def echo(text: str) -> str:\n    return text\n"

    static let chatFlow = """
        inputs:
          question:
            type: string
            is_chat_input: true
            default: What is a prompt flow?
          chat_history:
            type: list
            is_chat_history: true
            default: []
        outputs:
          answer:
            type: string
            reference: ${chat.output}
            is_chat_output: true
        nodes:
        - name: chat
          type: llm
          source:
            type: code
            path: chat.jinja2
          inputs:
            deployment_name: gpt-4o-mini
            model: gpt-4o-mini
            question: ${inputs.question}
            chat_history: ${inputs.chat_history}
          connection: open_ai_connection
          api: chat
        """
    static let chatSamples = """
        [{"question": "And how do I run one locally?", "chat_history": [{"inputs": {"question": "What is a prompt flow?"},
          "outputs": {"answer": "A graph of prompts, LLM calls and Python code that runs as one app."}}]}]
        """

    @Test func standardFlowIsServedAsPromptflowServesIt() throws {
        let folder = try SwaggerFlowFolder(
            "standard_flow",
            files: ["flow.dag.yaml": Self.standardFlow, "echo.py": Self.echoTool, "samples.json": Self.standardSamples])
        let document = try folder.document()
        #expect(Self.text(SwaggerDocument.body(document)) == SwaggerExpectedDocuments.standardFlask + "\n")
        #expect(document.json(.python) == SwaggerExpectedDocuments.standardPython)
    }

    @Test func includedFieldsSelectOutputsButEvaluationOnlyStaysHidden() throws {
        let folder = try SwaggerFlowFolder(
            "standard_flow",
            files: ["flow.dag.yaml": Self.standardFlow, "echo.py": Self.echoTool, "samples.json": Self.standardSamples])
        let document = try folder.document(includedFields: ["answer", "score", "passed"])
        #expect(Self.text(SwaggerDocument.body(document)) == SwaggerExpectedDocuments.standardIncludedFlask + "\n")
        let properties = Self.responseProperties(document)
        #expect(properties == ["answer", "passed"])
    }

    @Test func chatFlowNamesItsChatInputHistoryAndOutput() throws {
        let folder = try SwaggerFlowFolder(
            "chat-basic",
            files: [
                "flow.dag.yaml": Self.chatFlow, "chat.jinja2": "# user:\n{{question}}\n",
                "samples.json": Self.chatSamples,
            ])
        let document = try folder.document()
        #expect(Self.text(SwaggerDocument.body(document)) == SwaggerExpectedDocuments.chatFlask + "\n")
        #expect(document.json(.python) == SwaggerExpectedDocuments.chatPython)
        let info = document.objectValue?["info"]?.objectValue
        #expect(info?["x-flow-type"] == "chat")
        #expect(info?["x-chat-input"] == "question")
        #expect(info?["x-chat-history"] == "chat_history")
        #expect(info?["x-chat-output"] == "answer")
    }

    @Test func flowWithoutInputsHasAnOptionalBodyAndANonListSampleIsSkipped() throws {
        let folder = try SwaggerFlowFolder(
            "noinput_flow",
            files: [
                "flow.dag.yaml": """
                inputs: {}
                outputs:
                  greeting:
                    type: string
                    reference: ${hello.output}
                    is_chat_output: true
                nodes:
                - name: hello
                  type: python
                  source:
                    type: code
                    path: hello.py
                  inputs: {}
                """,
                "hello.py": "def hello() -> str:\n    return 'hi'\n", "samples.json": #"{"not": "a list"}"#,
            ])
        let document = try folder.document()
        #expect(Self.text(SwaggerDocument.body(document)) == SwaggerExpectedDocuments.noInputFlask + "\n")
    }

    @Test func promptyResponseIsAnObjectAndTheExampleComesFromSamplesJSON() throws {
        let folder = try SwaggerFlowFolder(
            "prompty-summarize",
            files: [
                "summarize.prompty": """
                ---
                name: Summarize
                model:
                  api: chat
                  configuration:
                    type: openai
                    model: gpt-4o-mini
                inputs:
                  text:
                    type: string
                  audience:
                    type: string
                    default: a busy engineer
                  max_sentences:
                    type: int
                    default: 3
                sample:
                  text: Not the example; samples.json is.
                ---
                user:
                Summarise for {{audience}} in {{max_sentences}} sentences: {{text}}
                """,
                "samples.json": """
                [{"text": "Prices rise by 5% in March; existing customers keep their price until June.", \
                "audience": "a customer", "max_sentences": 1}]
                """,
            ])
        let document = try folder.document()
        #expect(Self.text(SwaggerDocument.body(document)) == SwaggerExpectedDocuments.promptyFlask + "\n")
    }

    @Test func flowNameOverridesTitleNameAndSummary() throws {
        let folder = try SwaggerFlowFolder(
            "standard_flow", files: ["flow.dag.yaml": Self.standardFlow, "echo.py": Self.echoTool])
        let flow = try FlowLoader.load(path: folder.folder.path)
        let document = SwaggerDocument.build(flow: flow, flowName: "renamed")
        let info = document.objectValue?["info"]?.objectValue
        #expect(info?["title"] == "Promptflow[renamed] API")
        #expect(info?["x-flow-name"] == "renamed")
        let post = document.objectValue?["paths"]?.objectValue?["/score"]?.objectValue?["post"]?.objectValue
        #expect(post?["summary"] == "run promptflow: renamed with an given input")
        let example = post?["requestBody"]?.objectValue?["content"]?.objectValue?["application/json"]?.objectValue
        #expect(example?["example"] == .object([:]))
    }

    @Test func samplesAreReadWhenPresentAndRefusedWhenNotJSON() throws {
        let folder = try SwaggerFlowFolder("any", files: [:])
        #expect(try SwaggerDocument.loadSamples(flowDirectory: folder.folder) == nil)
        try folder.write("samples.json", "[{\"a\": 1}]")
        #expect(try SwaggerDocument.loadSamples(flowDirectory: folder.folder) == [["a": 1]])
        try folder.write("samples.json", "[{\"a\": ")
        #expect(throws: SwaggerSamplesError.self) { try SwaggerDocument.loadSamples(flowDirectory: folder.folder) }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func responseProperties(_ document: FlowValue) -> [String] {
        let post = document.objectValue?["paths"]?.objectValue?["/score"]?.objectValue?["post"]?.objectValue
        let ok = post?["responses"]?.objectValue?["200"]?.objectValue
        let schema = ok?["content"]?.objectValue?["application/json"]?.objectValue?["schema"]?.objectValue
        return schema?["properties"]?.objectValue?.keys ?? []
    }
}
