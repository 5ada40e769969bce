import AsyncHTTPClient
import FlowgateTestSupport
import LLM
import Testing

/// COMPAT §B retries over real HTTP: what is retried, how long it waits, and the final error text.
@Suite struct LLMRetryTests {
    let messages: [ChatMessage] = [.user("ping")]
    let parameters = LLMParameters(model: "m")

    @Test func rateLimitWithRetryAfterIsRetriedThenSucceeds() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(2, status: 429, retryAfter: 1)
            let result = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            #expect(result.output == .string("echo: ping"))
            #expect(f.server.requests.count == 3)
            #expect(f.delays.delays == [.seconds(1), .seconds(1)])
        }
    }

    @Test func retryAfterMillisecondsWins() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, with: .rateLimited(retryAfter: "7", retryAfterMs: "250"))
            _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            #expect(f.delays.delays == [.milliseconds(250)])
        }
    }

    @Test func serverErrorsBackOffExponentially() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(3, status: 500)
            let result = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            #expect(result.content == "echo: ping")
            #expect(f.delays.delays == [.milliseconds(1), .milliseconds(2), .milliseconds(4)])
        }
    }

    @Test func exhaustedRetriesNameTheStatusAndTheUpstreamMessage() async throws {
        try await LLMTestFixture.run(maxRetries: 2) { f in
            f.server.failNext(10, status: 500)
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            }
            #expect(f.server.requests.count == 3)
            #expect(error?.status == 500)
            #expect(error?.attempts == 3)
            #expect(error?.retriesExhausted == true)
            #expect(error?.isUserError == true)
            #expect(
                error?.message
                    == "Exceed max retry times. OpenAI API hits InternalServerError: Error code: 500 - "
                    + "The server had an error while processing your request. "
                    + "[Error reference: https://platform.openai.com/docs/guides/error-codes/api-errors]")
        }
    }

    @Test func badRequestIsAnImmediateUserError() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, with: .badRequest("Invalid value for 'temperature': must be <= 2."))
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            }
            #expect(f.server.requests.count == 1)
            #expect(f.delays.delays.isEmpty)
            #expect(error?.retriesExhausted == false)
            #expect(error?.errorType == "BadRequestError")
            #expect(error?.message.hasPrefix(
                "OpenAI API hits BadRequestError: Error code: 400 - Invalid value for 'temperature': must be <= 2.")
                == true)
        }
    }

    @Test func insufficientQuotaIsNotRetried() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, with: .insufficientQuota)
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            }
            #expect(f.server.requests.count == 1)
            #expect(error?.status == 429)
            #expect(error?.upstreamCode == "insufficient_quota")
            #expect(error?.message.contains("You exceeded your current quota") == true)
        }
    }

    @Test func unprocessableEntityGivesUpAfterThreeInARow() async throws {
        try await LLMTestFixture.run(maxRetries: 10) { f in
            f.server.failNext(5, status: 422)
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            }
            #expect(f.server.requests.count == 3)
            #expect(error?.retriesExhausted == true)
        }
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, with: .dropConnection)
            let result = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            #expect(result.content == "echo: ping")
            #expect(f.server.requests.count == 2)
        }
    }

    @Test func aTimeoutIsRetriedThenReported() async throws {
        try await LLMTestFixture.run(maxRetries: 1, timeout: .seconds(2)) { f in  // 300 ms flaked on a loaded CI machine
            f.server.failNext(1, with: .hang(.seconds(30)))
            let recovered = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            #expect(recovered.content == "echo: ping")

            f.server.failNext(2, with: .hang(.seconds(30)))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            }
            #expect(clock.now - start < .seconds(20))  // well under the 30 s the other side would take
            #expect(error?.reason == .timeout)
            #expect(error?.attempts == 2)
            #expect(error?.message.hasPrefix("Exceed max retry times. OpenAI API hits APITimeoutError:") == true)
        }
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        try await LLMTestFixture.run(timeout: .seconds(60)) { f in
            f.server.failNext(1, with: .hang(.seconds(60)))
            let client = f.client
            let endpoint = f.openAI
            let call = Task { try await client.chat(messages, parameters: parameters, endpoint: endpoint) }
            while f.server.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            let clock = ContinuousClock()
            let start = clock.now
            call.cancel()
            let outcome = await call.result
            #expect(clock.now - start < .seconds(20))  // well under the 30 s the other side would take
            guard case .failure(let error) = outcome else {
                Issue.record("the cancelled call returned a result")
                return
            }
            #expect(error is CancellationError)
            #expect(f.server.requests.count == 1)
        }
    }

    @Test func theApiKeyNeverAppearsInErrors() async throws {
        try await LLMTestFixture.run { f in
            f.server.failNext(1, with: .status(
                401, type: "invalid_request_error", code: "invalid_api_key",
                message: "Incorrect API key provided: \(LLMTestFixture.apiKey).", retryAfter: nil, retryAfterMs: nil))
            let error = await #expect(throws: LLMError.self) {
                _ = try await f.client.chat(messages, parameters: parameters, endpoint: f.openAI)
            }
            #expect(error?.errorType == "AuthenticationError")
            #expect(error?.message.contains(LLMTestFixture.apiKey) == false)
            #expect(error?.message.contains("Incorrect API key provided: ******.") == true)
        }
    }

    @Test func anUnreachableServerIsAConnectionErrorWithoutRetries() async throws {
        // A fresh server that is stopped before any connection to it exists: connecting is refused.
        let server = TestLLMServer()
        let baseURL = try await server.start()
        await server.stop()
        // AsyncHTTPClient retries refused connects until its connect timeout; keep that short here.
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: .init(timeout: .init(connect: .milliseconds(300))))
        let delays = DelayRecorder()
        let client = LLMClient(
            httpClient: http,
            configuration: .init(
                timeout: .seconds(10), retry: RetryPolicy(maxRetries: 3, sleep: { delays.record($0) })))
        let error = await #expect(throws: LLMError.self) {
            _ = try await client.chat(messages, parameters: parameters, endpoint: .openAI(apiKey: "k", baseURL: baseURL))
        }
        try await http.shutdown()
        // No retries: one attempt and no backoff asked for (timing is not asserted: a loaded machine stretches it).
        #expect(error?.reason == .connection)
        #expect(error?.attempts == 1)
        #expect(delays.delays.isEmpty)
    }
}
