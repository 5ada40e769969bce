import Foundation
import FlowgateTestSupport
import LLM
import Testing

/// Chat, completion and embeddings over real HTTP on loopback against `TestLLMServer`.
@Suite struct LLMClientTests {
    let messages: [ChatMessage] = [.system("You are terse."), .user("hello there friend")]

    @Test func chatReturnsTheFirstChoiceContentAndUsage() async throws {
        try await LLMTestFixture.run { f in
            let result = try await f.client.chat(messages, parameters: .init(model: "gpt-test"), endpoint: f.openAI)
            #expect(result.output == .string("echo: hello there friend"))
            #expect(result.content == "echo: hello there friend")
            #expect(result.finishReason == "stop")
            #expect(result.model == "gpt-test")
            #expect(result.usage == TokenUsage(promptTokens: 6, completionTokens: 4, totalTokens: 10))

            let request = try #require(f.server.requests.first)
            #expect(request.path == "/v1/chat/completions")
            #expect(request.headers["authorization"] == "Bearer \(LLMTestFixture.apiKey)")
            #expect(request.headers["openai-organization"] == "org-test")
            #expect(request.headers["api-key"] == nil)
            let body = try JSONValue(parsing: request.body)
            #expect(body["model"] == .string("gpt-test"))
            #expect(
                body["messages"]
                    == .array([
                        .object(["role": "system", "content": "You are terse."]),
                        .object(["role": "user", "content": "hello there friend"]),
                    ]))
            #expect(body["stream"] == nil)
        }
    }

    @Test func emptyParametersAreNotSent() async throws {
        try await LLMTestFixture.run { f in
            let parameters = LLMParameters(
                model: "gpt-test", temperature: 0, stop: [], maxTokens: nil, logitBias: .object([:]), user: "",
                tools: [], toolChoice: .null, functions: [], functionCall: .string(""), responseFormat: .object([:]),
                extra: ["suffix": .string(""), "echo": .null])
            _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            let body = try JSONValue(parsing: try #require(f.server.requests.first).body)
            guard case .object(let members) = body else { Issue.record("body is not an object"); return }
            #expect(Set(members.keys) == ["model", "messages", "temperature"])
            #expect(body["temperature"] == .double(0))
        }
    }

    @Test func everyParameterIsSentUnderItsAPIName() async throws {
        try await LLMTestFixture.run { f in
            let parameters = LLMParameters(
                model: "gpt-test", temperature: 0.5, topP: 0.9, n: 2, stop: ["\n\n", "END"], maxTokens: 64,
                presencePenalty: 0.1, frequencyPenalty: 0.2, logitBias: .object(["50256": .int(-100)]),
                user: "u-1", responseFormat: .object(["type": .string("json_object")]), seed: 42)
            _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            let body = try JSONValue(parsing: try #require(f.server.requests.first).body)
            #expect(body["temperature"] == .double(0.5))
            #expect(body["top_p"] == .double(0.9))
            #expect(body["n"] == .int(2))
            #expect(body["stop"] == .array(["\n\n", "END"]))
            #expect(body["max_tokens"] == .int(64))
            #expect(body["presence_penalty"] == .double(0.1))
            #expect(body["frequency_penalty"] == .double(0.2))
            #expect(body["logit_bias"] == .object(["50256": .int(-100)]))
            #expect(body["user"] == .string("u-1"))
            #expect(body["response_format"] == .object(["type": "json_object"]))
            #expect(body["seed"] == .int(42))
        }
    }

    static let weatherTool: JSONValue = .object([
        "type": "function",
        "function": .object([
            "name": "get_weather",
            "parameters": .object(["type": "object", "properties": .object(["text": .object(["type": "string"])])]),
        ]),
    ])

    @Test func toolsReturnTheWholeMessage() async throws {
        try await LLMTestFixture.run { f in
            let parameters = LLMParameters(
                model: "gpt-test", tools: [Self.weatherTool], toolChoice: .string("auto"),
                functions: [.object(["name": "ignored"])])
            let result = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            guard case .object(let message) = result.output else {
                Issue.record("output is not the message: \(result.output)")
                return
            }
            #expect(message["role"] == .string("assistant"))
            #expect(message["content"] == .null)
            let call = try #require(message["tool_calls"]?.arrayValue?.first)
            #expect(call["function"]?["name"] == .string("get_weather"))
            #expect(call["function"]?["arguments"] == .string(#"{"text":"hello there friend"}"#))
            #expect(result.finishReason == "tool_calls")

            let body = try JSONValue(parsing: try #require(f.server.requests.first).body)
            #expect(body["tools"] == .array([Self.weatherTool]))
            #expect(body["tool_choice"] == .string("auto"))
            #expect(body["functions"] == nil)  // tools win over functions, as in promptflow
        }
    }

    @Test func functionsReturnTheWholeMessageAndDefaultToAuto() async throws {
        try await LLMTestFixture.run { f in
            let parameters = LLMParameters(
                model: "gpt-test", functions: [.object(["name": "lookup", "parameters": .object(["type": "object"])])])
            let result = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            #expect(result.output["function_call"]?["name"] == .string("lookup"))
            let body = try JSONValue(parsing: try #require(f.server.requests.first).body)
            #expect(body["function_call"] == .string("auto"))
        }
    }

    @Test func completionReturnsPlainText() async throws {
        try await LLMTestFixture.run { f in
            let result = try await f.client.completion(
                prompt: "Once upon a time", parameters: .init(model: "text-test", maxTokens: 16, extra: ["echo": false]),
                endpoint: f.openAI)
            #expect(result.text == "echo: Once upon a time")
            #expect(result.usage == TokenUsage(promptTokens: 4, completionTokens: 5))
            let request = try #require(f.server.requests.first)
            #expect(request.path == "/v1/completions")
            let body = try JSONValue(parsing: request.body)
            #expect(body["prompt"] == .string("Once upon a time"))
            #expect(body["max_tokens"] == .int(16))
            #expect(body["echo"] == .bool(false))
        }
    }

    @Test func embeddingsReturnOneVectorPerInput() async throws {
        try await LLMTestFixture.run { f in
            let one = try await f.client.embeddings(input: ["alpha beta"], model: "embed-test", endpoint: f.openAI)
            #expect(one.vectors == [TestLLMServer.embedding(for: "alpha beta")])
            #expect(one.usage?.promptTokens == 2)
            let two = try await f.client.embeddings(input: ["a", "b c"], model: "embed-test", endpoint: f.openAI)
            #expect(two.vectors == [TestLLMServer.embedding(for: "a"), TestLLMServer.embedding(for: "b c")])
            let requests = f.server.requests
            #expect(requests.map(\.path) == ["/v1/embeddings", "/v1/embeddings"])
            #expect(try JSONValue(parsing: requests[0].body)["input"] == .string("alpha beta"))
            #expect(try JSONValue(parsing: requests[1].body)["input"] == .array(["a", "b c"]))
        }
    }

    @Test func azureUsesDeploymentPathsApiVersionAndApiKeyHeader() async throws {
        try await LLMTestFixture.run { f in
            let endpoint = f.azure(apiVersion: "2024-02-01")
            let chat = try await f.client.chat(
                messages, parameters: .init(deploymentName: "gpt-35"), endpoint: endpoint)
            #expect(chat.output == .string("echo: hello there friend"))
            let completion = try await f.client.completion(
                prompt: "hi", parameters: .init(deploymentName: "davinci"), endpoint: endpoint)
            #expect(completion.text == "echo: hi")
            let embedding = try await f.client.embeddings(input: ["x"], deploymentName: "ada", endpoint: endpoint)
            #expect(embedding.vectors == [TestLLMServer.embedding(for: "x")])

            let requests = f.server.requests
            #expect(
                requests.map(\.path) == [
                    "/openai/deployments/gpt-35/chat/completions", "/openai/deployments/davinci/completions",
                    "/openai/deployments/ada/embeddings",
                ])
            for request in requests {
                #expect(request.query["api-version"] == "2024-02-01")
                #expect(request.headers["api-key"] == LLMTestFixture.apiKey)
                #expect(request.headers["authorization"] == nil)
            }
        }
    }

    @Test func azureWithoutDeploymentIsAUserErrorBeforeAnyRequest() async throws {
        try await LLMTestFixture.run { f in
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chat(messages, parameters: .init(), endpoint: f.azure())
            }
            #expect(error?.reason == .invalidRequest)
            #expect(f.server.requests.isEmpty)
        }
    }

    @Test func serverlessAndBaseURLServersUseBearerAuth() async throws {
        try await LLMTestFixture.run { f in
            let serverless = LLMEndpoint.serverless(apiBase: f.baseURL + "/", apiKey: "serverless-key")
            _ = try await f.client.chat(messages, parameters: .init(model: "m"), endpoint: serverless)
            let keyless = LLMEndpoint.openAI(apiKey: "", baseURL: f.baseURL)
            _ = try await f.client.chat(messages, parameters: .init(model: "m"), endpoint: keyless)
            let requests = f.server.requests
            #expect(requests.map(\.path) == ["/v1/chat/completions", "/v1/chat/completions"])
            #expect(requests[0].headers["authorization"] == "Bearer serverless-key")
            #expect(requests[1].headers["authorization"] == nil)
            #expect(requests[1].headers["openai-organization"] == nil)
        }
    }

    @Test func oneConnectionIsReusedAcrossCalls() async throws {
        try await LLMTestFixture.run { f in
            for _ in 0..<5 {
                _ = try await f.client.chat(messages, parameters: .init(model: "m"), endpoint: f.openAI)
            }
            #expect(f.server.requests.count == 5)
            let ports = Set(f.server.requests.map(\.clientPort))
            #expect(ports == [f.server.requests[0].clientPort])
            #expect(f.server.requests[0].clientPort != nil)
        }
    }
}
