import Foundation
import LLM
import Testing

/// The LLM client and `flowgate flow test` against a real OpenAI-compatible server: llama.cpp serving a
/// tiny random-weight model. Its words are gibberish, so the tests check structure, usage, streaming
/// (llama.cpp sends empty deltas and ends with `[DONE]`) and outputs that do not depend on the words.
/// Serialized: llama-cpp-python's server cuts a running stream short when another request arrives.
@Suite(
    .tinyLLM, .enabled(if: TinyLLMServer.script != nil, TinyLLMServer.skipReason), .serialized,
    .timeLimit(.minutes(15)))
struct TinyLLMIntegrationTests {
    static let messages: [ChatMessage] = [
        .system("You answer in one short sentence."), ChatMessage(role: .user, content: "What is a prompt flow?"),
    ]

    static func endpoint() throws -> LLMEndpoint { .openAI(apiKey: "sk-tiny-llm", baseURL: try TinyLLMServer.url()) }

    /// Greedy decoding (temperature 0) so a streamed and a whole answer to the same request are the same text.
    static let greedy = LLMParameters(model: "tiny", temperature: 0, maxTokens: 12)

    @Test func chatAnswerHasContentFinishReasonAndUsage() async throws {
        let result = try await LLMClient().chat(Self.messages, parameters: Self.greedy, endpoint: try Self.endpoint())
        #expect(result.content != nil)
        #expect(result.output == result.message["content"])
        #expect(result.message["role"]?.stringValue == "assistant")
        #expect(["length", "stop"].contains(result.finishReason ?? "none"))
        #expect(result.model == "tiny")
        let usage = try #require(result.usage)
        #expect(usage.promptTokens > 0)
        #expect(usage.completionTokens > 0)
        #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)

        // The real tokenizer and chat template count a longer prompt as more tokens.
        var longer = Self.messages
        longer.append(ChatMessage(role: .user, content: "Please also say why teams use one, in plain words."))
        let more = try await LLMClient().chat(longer, parameters: Self.greedy, endpoint: try Self.endpoint())
        #expect((more.usage?.promptTokens ?? 0) > usage.promptTokens)
    }

    @Test func streamedChatIsTheSameTextDeliveredInDeltas() async throws {
        let client = LLMClient()
        let whole = try await client.chat(Self.messages, parameters: Self.greedy, endpoint: try Self.endpoint())
        var events: [LLMStreamEvent] = []
        for try await event in try await client.chatStream(
            Self.messages, parameters: Self.greedy, endpoint: try Self.endpoint())
        {
            events.append(event)
        }
        let deltas = events.compactMap { if case .content(let text) = $0 { text } else { nil } }
        #expect(deltas.count > 1, "\(events)")
        #expect(deltas.joined() == whole.content)
        // llama.cpp does not honour stream_options.include_usage: a usage event, if any, comes last.
        let usageIndices = events.indices.filter { if case .usage = events[$0] { true } else { false } }
        #expect(usageIndices.allSatisfy { $0 == events.count - 1 })
    }

    @Test func completionWholeAndStreamedAgree() async throws {
        let client = LLMClient()
        let prompt = "Prompt flow is"
        let parameters = LLMParameters(model: "tiny", temperature: 0, maxTokens: 8)
        let whole = try await client.completion(prompt: prompt, parameters: parameters, endpoint: try Self.endpoint())
        #expect(["length", "stop"].contains(whole.finishReason ?? "none"))
        let usage = try #require(whole.usage)
        #expect(usage.promptTokens > 0)
        #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)
        var text = ""
        var deltas = 0
        for try await event in try await client.completionStream(
            prompt: prompt, parameters: parameters, endpoint: try Self.endpoint())
        {
            if case .content(let delta) = event {
                text += delta
                deltas += 1
            }
        }
        #expect(deltas > 1)
        #expect(text == whole.text)
    }

    @Test func qaLLMExampleRunsThroughFlowTest() async throws {
        let result = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/qa-llm", "--verbose"],
            environment: ["open_ai_connection": try TinyLLMServer.connectionJSON()])
        #expect(result.status == 0, "\(result.stderr)")
        let outputs = try Self.object(result.stdout)
        #expect(Set(outputs.keys) == ["answer", "truncated"])
        let answer = try #require(outputs["answer"] as? String)
        let truncated = try #require(outputs["truncated"] as? Bool)
        // clean_answer.py collapsed the model's whitespace and cut the text at 400 characters.
        #expect(answer == answer.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        #expect(answer.count <= 400)
        #expect(truncated == answer.hasSuffix("..."))
        let row = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("answer ") })
        #expect(row.contains("Completed"))
        let tokens = try #require(row.split(separator: " ").last).split(separator: "/").compactMap { Int($0) }
        #expect(tokens.count == 3 && tokens[0] > 0 && tokens[1] > 0 && tokens[2] == tokens[0] + tokens[1], "\(row)")
    }

    @Test func chatBasicExampleStreamsWhatItAnswers() async throws {
        let connection = try TinyLLMServer.connectionJSON()
        let streamed = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/chat-basic", "--stream"], environment: ["open_ai_connection": connection])
        #expect(streamed.status == 0, "\(streamed.stderr)")
        // The chunks as they came, a newline, then the outputs: the answer is the chunks joined.
        let lastLine = try #require(streamed.stdout.dropLast().split(separator: "\n", omittingEmptySubsequences: false).last)
        let outputs = try Self.object(String(lastLine))
        let answer = try #require(outputs["answer"] as? String)
        #expect(streamed.stdout == answer + "\n" + lastLine + "\n")

        let history = #"[{"inputs": {"question": "Hi"}, "outputs": {"answer": "Hello."}}]"#
        let plain = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/chat-basic", "--inputs", "question=And now?", "chat_history=\(history)"],
            environment: ["open_ai_connection": connection])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try Self.object(plain.stdout)["answer"] is String)
    }

    @Test func promptyExampleRunsAgainstTheConfiguredBaseURL() async throws {
        let result = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/prompty-summarize", "--inputs", "text=The build is green.", "--verbose"],
            environment: ["OPENAI_API_KEY": "sk-tiny-llm", "OPENAI_BASE_URL": try TinyLLMServer.url()])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: .fragmentsAllowed)
        #expect(output is String || (output as? [String: Any])?.values.first is String, "\(result.stdout)")
        #expect(!result.stderr.contains("sk-tiny-llm"))
    }

    @Test func bulkRunOfQALLMRecordsEveryLineAndTheTokens() async throws {
        let home = try TemporaryDirectory()
        let data = try home.write(
            "data.jsonl",
            """
            {"q": "When was the library founded?"}
            {"q": "Where is the library now?"}
            {"q": "Who founded it?"}
            """)
        let result = try await FlowTestProcess.run(
            [
                "run", "create", "--flow", "examples/flows/qa-llm", "--data", data.path, "--column-mapping",
                "question=${data.q}", "--name", "tiny",
            ],
            environment: ["FLOWGATE_HOME": home.url.path, "open_ai_connection": try TinyLLMServer.connectionJSON()])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3 of 3 lines completed, 0 failed"))
        let folder = home.url.appendingPathComponent("runs/tiny")
        let outputs = try String(contentsOf: folder.appendingPathComponent("outputs.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try Self.object(String($0)) }
        #expect(outputs.map { $0["line_number"] as? Int } == [0, 1, 2])
        #expect(outputs.allSatisfy { $0["answer"] is String && $0["truncated"] is Bool })
        let record = try Self.object(
            String(contentsOf: folder.appendingPathComponent("run.json"), encoding: .utf8))
        let tokens = try #require(record["tokens"] as? [String: Int])
        let prompt = try #require(tokens["prompt"])
        let completion = try #require(tokens["completion"])
        #expect(prompt > 0 && completion > 0)
        #expect(tokens["total"] == prompt + completion)
    }

    static func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)")
    }
}
