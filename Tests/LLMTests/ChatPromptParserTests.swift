import Foundation
import Testing

@testable import LLM

/// One differential case from ChatParseFixtures.swift.
struct ChatParseFixture: Decodable, Sendable, CustomTestStringConvertible {
    struct Expected: Decodable, Sendable {
        struct Failure: Decodable, Sendable {
            var code: String
            var message: String
        }
        var messages: [ChatMessage]?
        var error: Failure?
    }
    var name: String
    var prompt: String
    var images: [String: String]?
    var expected: Expected
    /// What the .prompty copy of the parser returned.
    var expected_prompty: Expected?

    var testDescription: String { name }

    static func load() throws -> [ChatParseFixture] {
        try JSONDecoder().decode([ChatParseFixture].self, from: Data(chatParseFixturesJSON.utf8))
    }
    /// Empty if the fixtures do not decode; `fixturesLoad` then fails with the decoding error.
    static let all: [ChatParseFixture] = (try? load()) ?? []
}

@Suite struct ChatPromptParserDifferentialTests {
    @Test func fixturesLoad() throws {
        #expect(try ChatParseFixture.load().count >= 50)
        #expect(try RoleEscapeFixture.load().count >= 8)
    }

    @Test(arguments: ChatParseFixture.all)
    func matchesPromptflow(_ fixture: ChatParseFixture) throws {
        try check(fixture, fixture.expected, flavor: .llmTool)
        let prompty = try #require(fixture.expected_prompty)
        try check(fixture, prompty, flavor: .prompty)
    }

    func check(
        _ fixture: ChatParseFixture, _ expected: ChatParseFixture.Expected, flavor: ChatPromptParser.Flavor
    ) throws {
        let images = (fixture.images ?? [:]).map { ChatImage(placeholder: $0.key, url: $0.value) }
        if let messages = expected.messages {
            #expect(try ChatPromptParser.parse(fixture.prompt, images: images, flavor: flavor) == messages)
        } else if let failure = expected.error {
            do {
                let messages = try ChatPromptParser.parse(fixture.prompt, images: images, flavor: flavor)
                Issue.record("expected \(failure.code), got \(messages)")
            } catch let error as ChatPromptError {
                #expect(error.exceptionType == failure.code)
                #expect(error.message == failure.message)
            }
        }
    }
}

@Suite struct ChatPromptParserTests {
    @Test func theKeyWordPreCheckFindsWordsAnywhereAndOnlyExactBytes() {
        #expect(ChatPromptParser.mentions("name", in: "## name:\nget_weather"))
        #expect(ChatPromptParser.mentions("name", in: "name"))
        #expect(ChatPromptParser.mentions("name", in: "a long text that ends with a nam and then a name"))
        #expect(ChatPromptParser.mentions("tool_calls", in: "é ü\n## tool_calls:\n[]"))
        #expect(!ChatPromptParser.mentions("name", in: "NAME: is upper case, the pattern is not"))
        #expect(!ChatPromptParser.mentions("name", in: "nam"))
        #expect(!ChatPromptParser.mentions("name", in: ""))
    }

    @Test func basicConversation() throws {
        let prompt = """
            # system:
            You are a helpful assistant.

            # user:
            What is 2 + 2?

            """
        let messages = try ChatPromptParser.parse(prompt)
        #expect(messages == [.system("You are a helpful assistant."), .user("What is 2 + 2?")])
    }

    @Test func leadingTextIsAnInvalidRole() {
        #expect(throws: ChatPromptError.self) { try ChatPromptParser.parse("Hello\nuser:\nhi") }
        do {
            _ = try ChatPromptParser.parse("Be Nice\n\nuser:\nhi")
        } catch let error as ChatPromptError {
            #expect(error.code == .invalidRole)
            #expect(error.message.contains("Current parsed role 'be nice' does not meet the requirement."))
            #expect(
                error.message.hasPrefix(
                    #"The Chat API requires a specific format for prompt definition, and the prompt should include separate lines as role delimiters: 'system:\n','user:\n','assistant:\n','function:\n','tool:\n'."#
                ))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func functionRoleNeedsAName() {
        do {
            _ = try ChatPromptParser.parse("function:\n42")
            Issue.record("expected an error")
        } catch let error as ChatPromptError {
            #expect(error.code == .functionRoleInvalidFormat)
            #expect(error.message.hasPrefix("Failed to parse function role prompt."))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func toolCallsAndToolResult() throws {
        let prompt = """
            user:
            Weather in Paris?
            assistant:
            ## tool_calls:
            [{'id': 'call_1', 'type': 'function', 'function': {'name': 'get_weather', 'arguments': '{"city": "Paris"}'}}]
            tool:
            ## tool_call_id:
            call_1
            ## content:
            18 degrees
            """
        let messages = try ChatPromptParser.parse(prompt)
        #expect(messages.count == 3)
        #expect(messages[1].role == .assistant)
        #expect(messages[1].content == nil)
        let call = try #require(messages[1].toolCalls?.first)
        #expect(call["id"] == .string("call_1"))
        #expect(call["function"]?["arguments"] == .string(#"{"city": "Paris"}"#))
        #expect(messages[2] == ChatMessage(role: .tool, content: "18 degrees", toolCallID: "call_1"))
    }

    @Test func promptyFlavorNeedsTheListToEndTheText() throws {
        let prompt = "assistant:\n## tool_calls:\n[{'id': 'c', 'function': {'arguments': '[1]'}}]\n"
        // The LLM tool's lazy `[...]` stops at the first `]`, which does not parse: plain content.
        let tool = try ChatPromptParser.parse(prompt)
        #expect(tool[0].toolCalls == nil)
        #expect(tool[0].content == .text("## tool_calls:\n[{'id': 'c', 'function': {'arguments': '[1]'}}]"))
        // The prompty parser anchors at the end of the text and gets the whole list.
        let prompty = try ChatPromptParser.parse(prompt, flavor: .prompty)
        #expect(prompty[0].toolCalls?.first?["function"]?["arguments"] == .string("[1]"))
    }

    @Test func imagePlaceholdersBecomeParts() throws {
        let image = ChatImage(placeholder: "Image(1a2b3c4d)", url: "https://example.com/a.png")
        let messages = try ChatPromptParser.parse(
            "user:\nWhat is in this picture?\nImage(1a2b3c4d)\n", images: [image], imageDetail: "low")
        #expect(
            messages[0].content
                == .parts([
                    .text("What is in this picture?"), .imageURL(url: "https://example.com/a.png", detail: "low"),
                ]))
    }

    @Test func preprocessTemplateMovesImagesToTheirOwnLine() {
        #expect(
            ChatPromptParser.preprocessTemplate("user:\nDescribe ![image]({{ photo }}) please")
                == "user:\nDescribe \n{{ photo }}\n please")
        #expect(
            ChatPromptParser.preprocessTemplate("![ image ]({{a}}) and ![image]({{a}})")
                == "\n{{a}}\n and \n{{a}}\n")
        // Only the literal label `image`, and only a bare variable.
        #expect(ChatPromptParser.preprocessTemplate("![photo]({{a}})") == "![photo]({{a}})")
        #expect(ChatPromptParser.preprocessTemplate("![image]({{a.b c}})") == "![image]({{a.b c}})")
    }
}

@Suite struct ChatMessageCodingTests {
    @Test func encodesOpenAIShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let message = ChatMessage(role: .user, content: "hi", name: "bob")
        #expect(
            String(decoding: try encoder.encode(message), as: UTF8.self)
                == #"{"content":"hi","name":"bob","role":"user"}"#)

        let withImage = ChatMessage(
            role: .user, content: .parts([.text("look"), .imageURL(url: "https://x/y.png", detail: "auto")]))
        #expect(
            String(decoding: try encoder.encode(withImage), as: UTF8.self)
                == #"{"content":[{"text":"look","type":"text"},{"image_url":{"detail":"auto","url":"https://x/y.png"},"type":"image_url"}],"role":"user"}"#
        )

        let call = ChatMessage(
            role: .assistant,
            toolCalls: [.object(["id": .string("c1"), "type": .string("function")])])
        #expect(
            String(decoding: try encoder.encode(call), as: UTF8.self)
                == #"{"role":"assistant","tool_calls":[{"id":"c1","type":"function"}]}"#)

        let tool = ChatMessage(role: .tool, content: "42", toolCallID: "c1")
        #expect(
            String(decoding: try encoder.encode(tool), as: UTF8.self)
                == #"{"content":"42","role":"tool","tool_call_id":"c1"}"#)
    }

    @Test func roundTrips() throws {
        let messages: [ChatMessage] = [
            .system("s"),
            ChatMessage(role: .user, content: .parts([.text("a"), .imageURL(url: "u", detail: nil)])),
            ChatMessage(
                role: .assistant,
                toolCalls: [
                    .object(["id": .string("x"), "n": .int(3), "f": .double(1.5), "b": .bool(true), "z": .null])
                ]),
            ChatMessage(role: .tool, content: "r", toolCallID: "x"),
        ]
        let data = try JSONEncoder().encode(messages)
        #expect(try JSONDecoder().decode([ChatMessage].self, from: data) == messages)
    }

    @Test func decodesAnOpenAIResponseMessage() throws {
        let json =
            #"{"role": "assistant", "content": null, "tool_calls": [{"id": "call_9", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}"#
        let message = try JSONDecoder().decode(ChatMessage.self, from: Data(json.utf8))
        #expect(message.content == nil)
        #expect(message.toolCalls?.first?["function"]?["name"] == .string("f"))
    }
}

@Suite struct PythonLiteralTests {
    @Test func parsesPythonLiterals() throws {
        #expect(
            try PythonLiteral.parse("[1, -2, 3.5, True, False, None]")
                == .array([.int(1), .int(-2), .double(3.5), .bool(true), .bool(false), .null]))
        #expect(
            try PythonLiteral.parse(#"['a' "b", r'\n', '\n', '\x41\u00e9', '''t"q''']"#)
                == .array([.string("ab"), .string("\\n"), .string("\n"), .string("Aé"), .string("t\"q")]))
        #expect(
            try PythonLiteral.parse("[(1, 2), (3,), (), (4)]")
                == .array([.array([.int(1), .int(2)]), .array([.int(3)]), .array([]), .int(4)]))
        #expect(
            try PythonLiteral.parse("[{'k': {'n': [1_000, 0x1F]}},\n  # comment\n]")
                == .array([.object(["k": .object(["n": .array([.int(1000), .int(31)])])])]))
    }

    @Test func rejectsWhatLiteralEvalRejects() {
        for text in ["[true]", "[null]", "[{1, 2}]", "[b'x']", "[1j]", "[f'x']", "[x]", "[1, 2", "[01]", "[1] + [2]"] {
            #expect(throws: PythonLiteral.ParseError.self, "\(text)") { try PythonLiteral.parse(text) }
        }
    }
}

@Suite struct ChatImageTests {
    @Test func placeholderIsPromptflowsImageString() {
        #expect(SHA1.hex(Data("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex(Data()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(ChatImage.placeholder(forImageData: Data((0..<768).map { UInt8($0 % 256) })) == "Image(ac2a264c)")
    }

    @Test func urlIsSourceOrDataURL() {
        let bytes = Data([1, 2, 3])
        #expect(ChatImage(data: bytes, mimeType: "image/PNG").url == "data:image/png;base64,AQID")
        #expect(ChatImage(data: bytes, mimeType: "image/png", sourceURL: "https://x/y.png").url == "https://x/y.png")
    }
}

@Suite struct ChatPromptParserConcurrencyTests {
    @Test func parsesConcurrently() async throws {
        let prompt = "system:\nS\nuser:\n## name:\nn\n## content:\nhello\nassistant:\n## tool_calls:\n[{'id': 'x'}]\n"
        let expected = try ChatPromptParser.parse(prompt)
        try await withThrowingTaskGroup(of: [ChatMessage].self) { group in
            for _ in 0..<64 { group.addTask { try ChatPromptParser.parse(prompt) } }
            for try await messages in group { #expect(messages == expected) }
        }
    }
}
