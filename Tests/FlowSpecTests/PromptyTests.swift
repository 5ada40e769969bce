import Testing

@testable import FlowSpec

@Suite struct PromptyTests {
    static let chat = """
        ---
        name: Chat Prompt
        description: A basic prompt with chat_history
        version: 1.0
        authors: [team-a]
        model:
          api: chat
          configuration:
            type: azure_openai
            connection: open_ai_connection
            azure_deployment: gpt-4o
            api_key: ${env:AZURE_OPENAI_API_KEY}
            azure_endpoint: ${env:AZURE_OPENAI_ENDPOINT}
            extra_headers: ${file:headers.json}
          parameters:
            max_tokens: 256
            temperature: 0.2
            response_format: {type: json_object}
          response: first
        inputs:
          question:
            type: string
          chat_history:
            type: list
            default: []
          firstName:
            default: John
          count:
            default: 3
        outputs:
          answer:
            type: string
        sample:
          question: What is the meaning of life?
          chat_history: []
        ---
        system:
        You are an AI assistant.

        {% for item in chat_history %}
        {{item.role}}:
        {{item.content}}
        {% endfor %}

        user:
        {{question}}

        """

    @Test func loadsEveryFrontMatterKeyAndTheBody() throws {
        let folder = try TemporaryFlow("chat-prompt", files: ["chat.prompty": Self.chat, "headers.json": "{}"])
        for flow in [try folder.load(), try folder.load("chat.prompty")] {
            #expect(flow.kind == .prompty)
            #expect(flow.name == "chat-prompt")
            #expect(flow.file == "chat.prompty")
            let spec = try #require(flow.prompty)
            #expect(spec.name == "Chat Prompt")
            #expect(spec.description == "A basic prompt with chat_history")
            #expect(spec.model.api == .chat)
            #expect(spec.model.response == "first")
            #expect(spec.model.configuration["azure_deployment"] == "gpt-4o")
            #expect(spec.model.configuration["api_key"] == "${env:AZURE_OPENAI_API_KEY}")
            #expect(
                spec.model.configuration.keys == [
                    "type", "connection", "azure_deployment", "api_key", "azure_endpoint", "extra_headers",
                ])
            #expect(
                spec.model.parameters == [
                    "max_tokens": 256, "temperature": 0.2, "response_format": ["type": "json_object"],
                ])
            #expect(spec.environmentReferences == ["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"])
            #expect(spec.fileReferences == ["headers.json"])
            #expect(spec.sample == ["question": "What is the meaning of life?", "chat_history": []])
            #expect(spec.extra == ["version": 1.0, "authors": ["team-a"]])
            #expect(spec.templateLine == 37)
            #expect(spec.template.hasPrefix("system:\nYou are an AI assistant.\n\n{% for item in chat_history %}"))
            #expect(spec.template.hasSuffix("user:\n{{question}}\n"))
            #expect(flow.inputs.map(\.name) == ["question", "chat_history", "firstName", "count"])
            #expect(flow.inputs.map(\.isRequired) == [true, false, false, false])
            #expect(flow.inputs.map(\.type) == [.string, .list, .string, .int])
            #expect(flow.inputs[2].type == .string && flow.inputs[2].defaultValue == "John")
            #expect(flow.outputs.map(\.name) == ["answer"])
            #expect(flow.connectionsNeeded == ["open_ai_connection"])
            #expect(flow.nodes.isEmpty && flow.executionOrder.isEmpty)
        }
    }

    @Test func sampleFromAFile() throws {
        let text = "---\nname: x\nsample: ${file:sample.json}\n---\nuser:\n{{q}}\n"
        let folder = try TemporaryFlow(files: ["p.prompty": text, "sample.json": "{}"])
        let spec = try #require(try folder.load().prompty)
        #expect(spec.sample == "${file:sample.json}")
        #expect(spec.fileReferences == ["sample.json"])
        #expect(spec.model.api == .chat)
    }

    @Test func fileReferencesMustStayInside() throws {
        let text = """
            ---
            model:
              configuration:
                api_key: ${file:../secrets/key.txt}
            sample: ${file:/etc/passwd}
            ---
            hi
            """
        let folder = try TemporaryFlow(files: ["p.prompty": text])
        try folder.writeOutside("secrets/key.txt", "k")
        #expect(
            folder.errors() == [
                "p.prompty:4:14: model configuration file reference '../secrets/key.txt' leaves the flow folder; Flowgate only reads files inside the flow folder",
                "p.prompty:5:9: sample file reference '/etc/passwd' is an absolute path; paths must be relative to the flow folder",
            ])
    }

    @Test func reportsFrontMatterProblemsWithFileLines() throws {
        let text = """
            ---
            name: bad
            model:
              api: embeddings
              response: everything
            inputs:
              n: {type: int, default: x}
            sample: just text
            ---
            body
            """
        #expect(
            try TemporaryFlow(files: ["bad.prompty": text]).errors() == [
                "bad.prompty:4:8: model api 'embeddings' is unknown; expected chat or completion",
                "bad.prompty:5:13: model response 'everything' is unknown; expected first or all",
                "bad.prompty:7:27: input 'n' default \"x\" is not a valid int",
                "bad.prompty:8:9: sample must be a mapping of input values or a ${file:path} reference",
            ])
    }

    @Test func frontMatterSyntaxErrorsPointAtTheFileLine() throws {
        let text = "---\nname: x\nmodel: [a\n---\nbody\n"
        #expect(
            try TemporaryFlow(files: ["p.prompty": text]).errors() == [
                "p.prompty:4:1: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence"
            ])
    }

    @Test func needsFrontMatter() throws {
        #expect(
            try TemporaryFlow(files: ["p.prompty": "user:\nhi\n"]).errors() == [
                "p.prompty:1:1: a .prompty file must start with YAML front matter between '---' lines"
            ])
        #expect(
            try TemporaryFlow(files: ["p.prompty": "---\nname: x\n"]).errors() == [
                "p.prompty:1:1: the front matter that starts here is not closed by a '---' line"
            ])
    }

    @Test func aliasBombsInFrontMatterAreRejected() throws {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        #expect(
            try TemporaryFlow(files: ["p.prompty": "---\n" + yaml + "---\nbody\n"]).errors() == [
                "p.prompty:2:30: the document expands to more than 100000 YAML nodes through aliases; Flowgate rejects this to guard against alias expansion bombs"
            ])
    }
}
