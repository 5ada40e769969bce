import FlowgateTestSupport
import Foundation
import Testing

/// The bundled examples not covered elsewhere, through `flowgate flow test`; the LLM ones against the test
/// LLM server, reached through a connection's (or the prompty configuration's) `base_url`.
/// (python-only, activate-branches, chat-basic and variant_1 of variants: FlowTestCommandTests;
/// eval-accuracy as a bulk run: RunCommandTests.)
@Suite struct ExampleFlowTests {
    @Test func qaLLMCleansTheAnswerOfTheConnectionsServer() async throws {
        let server = TestLLMServer()
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let connection = #"{"type": "open_ai", "api_key": "sk-test", "base_url": "\#(url)"}"#
        let result = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/qa-llm"], environment: ["open_ai_connection": connection])
        #expect(result.status == 0, "\(result.stderr)")
        // The server echoes the user message (the prompt node's text); clean_answer collapsed its whitespace.
        #expect(
            result.stdout
                == #"{"answer": "echo: Use only the context below. If it does not hold the answer, say \"I don't know\". "#
                + #"Context: The city library was founded in 1887 and moved to its current building in 1962. "#
                + #"Question: When was the library founded?", "truncated": false}"# + "\n")
        let request = try #require(server.requests.last?.json)
        #expect(request["model"] as? String == "gpt-4o-mini")
        #expect(request["temperature"] as? Double == 0.2)
        #expect(request["max_tokens"] as? Int == 256)

        let long = String(repeating: "The library lends books. ", count: 30)
        let cut = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/qa-llm", "--inputs", "context=\(long)"],
            environment: ["open_ai_connection": connection])
        #expect(cut.status == 0, "\(cut.stderr)")
        let outputs = try #require(try JSONSerialization.jsonObject(with: Data(cut.stdout.utf8)) as? [String: Any])
        #expect(outputs["truncated"] as? Bool == true)
        let answer = try #require(outputs["answer"] as? String)
        #expect(answer.count == 400)
        #expect(answer.hasSuffix("..."))
    }

    @Test func promptyRunsAgainstTheBaseURLFromTheEnvironment() async throws {
        let server = TestLLMServer()
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let result = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/prompty-summarize", "--inputs", "text=Prices rise in March."],
            environment: ["OPENAI_API_KEY": "sk-prompty-test", "OPENAI_BASE_URL": url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == #""echo: Summarise the following text:\nPrices rise in March.""# + "\n")
        let request = try #require(server.requests.last)
        #expect(request.path.hasSuffix("/chat/completions"))
        #expect(request.headers["authorization"] == "Bearer sk-prompty-test")
        let body = try #require(request.json)
        #expect(body["model"] as? String == "gpt-4o-mini")
        #expect(body["max_tokens"] as? Int == 200)
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user"])
        #expect((messages.first?["content"] as? String)?.contains("at most 3 sentences") == true)
    }

    @Test func promptyWithoutItsBaseURLVariableSaysWhichVariable() async throws {
        let result = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/prompty-summarize", "--inputs", "text=x"],
            environment: ["OPENAI_API_KEY": "sk-prompty-test"], removing: ["OPENAI_BASE_URL"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("OPENAI_BASE_URL"), "\(result.stderr)")
        #expect(!result.stderr.contains("sk-prompty-test"))
    }

    @Test func evalAccuracyGradesOneLineAndSkipsAggregation() async throws {
        let result = try await FlowTestProcess.run(["flow", "test", "examples/flows/eval-accuracy", "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == #"{"grade": "Correct"}"# + "\n")
        #expect(!result.stderr.contains("accuracy "), "an aggregation node ran in a single-line test")
        let wrong = try await FlowTestProcess.run([
            "flow", "test", "examples/flows/eval-accuracy", "--inputs", "prediction=negative",
        ])
        #expect(wrong.stdout == #"{"grade": "Incorrect"}"# + "\n", "\(wrong.stderr)")
    }

    @Test func variantsExampleUsesTheDefaultVariant() async throws {
        let server = TestLLMServer()
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let connection = #"{"type": "open_ai", "api_key": "sk-test", "base_url": "\#(url)"}"#
        let result = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/variants", "--inputs", "text=Short."],
            environment: ["open_ai_connection": connection])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == #"{"summary": "echo: Summarise this text:\nShort."}"# + "\n")
        let body = try #require(server.requests.last?.json)
        #expect(body["temperature"] as? Double == 0.2)
        #expect(body["max_tokens"] as? Int == 128)
    }
}
