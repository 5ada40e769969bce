import AsyncHTTPClient

/// Calls OpenAI, Azure OpenAI and OpenAI-compatible servers (chat, completion, embeddings, streamed or
/// not) with promptflow's retry rules. Cheap to copy: every copy shares one pooled, keep-alive `HTTPClient`.
///
/// Errors are `LLMError` (user errors naming the upstream status and message) or `CancellationError`
/// when the calling task was cancelled, which also cancels the in-flight HTTP request.
public struct LLMClient: Sendable {
    public let httpClient: HTTPClient
    public var configuration: LLMClientConfiguration

    /// `httpClient` defaults to AsyncHTTPClient's process-wide shared client (never shut down).
    public init(httpClient: HTTPClient = .shared, configuration: LLMClientConfiguration = .init()) {
        self.httpClient = httpClient
        self.configuration = configuration
    }

    // MARK: Chat

    /// A chat completion; `result.output` is what promptflow's llm tool returns.
    public func chat(
        _ messages: [ChatMessage], parameters: LLMParameters, endpoint: LLMEndpoint
    ) async throws -> ChatResult {
        let url = try endpoint.url(for: .chat, deployment: parameters.deploymentName ?? parameters.model)
        let body = LLMRequestBody.chat(
            messages: messages, parameters: parameters, endpoint: endpoint,
            stream: .init(stream: false, includeUsage: false))
        let json = try await postJSON(url: url, body: body, endpoint: endpoint)
        guard let choice = json["choices"]?.arrayValue?.first, let message = choice["message"],
            case .object = message
        else {
            throw LLMError.invalidResponse("The chat answer has no choices[0].message.")
        }
        let content = message["content"]?.stringValue
        return ChatResult(
            output: parameters.returnsMessage ? message : (message["content"] ?? .null),
            message: message, content: content, finishReason: choice["finish_reason"]?.stringValue,
            usage: TokenUsage(json: json["usage"]), model: json["model"]?.stringValue)
    }

    /// A streamed chat completion: content deltas as they arrive, then the usage if the server sent it.
    /// Returns once the server accepted the request (retries happen before that); errors after that
    /// point end the stream.
    public func chatStream(
        _ messages: [ChatMessage], parameters: LLMParameters, endpoint: LLMEndpoint
    ) async throws -> LLMStream {
        if let functions = parameters.functions, !functions.isEmpty, (parameters.tools ?? []).isEmpty {
            throw LLMError.invalidRequest("Function calling has not been supported by stream mode yet.")
        }
        let url = try endpoint.url(for: .chat, deployment: parameters.deploymentName ?? parameters.model)
        return try await openStream(url: url, endpoint: endpoint, kind: .chat) { includeUsage in
            LLMRequestBody.chat(
                messages: messages, parameters: parameters, endpoint: endpoint,
                stream: .init(stream: true, includeUsage: includeUsage))
        }
    }

    // MARK: Completion

    /// A (legacy) text completion of `prompt`.
    public func completion(
        prompt: String, parameters: LLMParameters, endpoint: LLMEndpoint
    ) async throws -> CompletionResult {
        let url = try endpoint.url(for: .completion, deployment: parameters.deploymentName ?? parameters.model)
        let body = LLMRequestBody.completion(
            prompt: prompt, parameters: parameters, endpoint: endpoint,
            stream: .init(stream: false, includeUsage: false))
        let json = try await postJSON(url: url, body: body, endpoint: endpoint)
        guard let choice = json["choices"]?.arrayValue?.first else {
            throw LLMError.invalidResponse("The completion answer has no choices[0].")
        }
        return CompletionResult(
            text: choice["text"]?.stringValue ?? "", finishReason: choice["finish_reason"]?.stringValue,
            usage: TokenUsage(json: json["usage"]), model: json["model"]?.stringValue)
    }

    /// A streamed text completion: text deltas as they arrive, then the usage if the server sent it.
    public func completionStream(
        prompt: String, parameters: LLMParameters, endpoint: LLMEndpoint
    ) async throws -> LLMStream {
        let url = try endpoint.url(for: .completion, deployment: parameters.deploymentName ?? parameters.model)
        return try await openStream(url: url, endpoint: endpoint, kind: .completion) { includeUsage in
            LLMRequestBody.completion(
                prompt: prompt, parameters: parameters, endpoint: endpoint,
                stream: .init(stream: true, includeUsage: includeUsage))
        }
    }

    // MARK: Embeddings

    /// Embeddings of `input`, one vector per string. On Azure `deploymentName` (or `model`) picks
    /// the deployment.
    public func embeddings(
        input: [String], model: String? = nil, deploymentName: String? = nil, endpoint: LLMEndpoint
    ) async throws -> EmbeddingsResult {
        let url = try endpoint.url(for: .embeddings, deployment: deploymentName ?? model)
        let body = LLMRequestBody.embeddings(
            input: input, model: endpoint.isAzure ? (deploymentName ?? model) : (model ?? deploymentName),
            endpoint: endpoint)
        let json = try await postJSON(url: url, body: body, endpoint: endpoint)
        guard let data = json["data"]?.arrayValue else {
            throw LLMError.invalidResponse("The embeddings answer has no data.")
        }
        var indexed: [(Int, [Double])] = []
        for (position, item) in data.enumerated() {
            guard let numbers = item["embedding"]?.arrayValue else {
                throw LLMError.invalidResponse("An embeddings item has no embedding list.")
            }
            var vector: [Double] = []
            vector.reserveCapacity(numbers.count)
            for number in numbers {
                guard let d = number.doubleValue else {
                    throw LLMError.invalidResponse("An embedding holds a value that is not a number.")
                }
                vector.append(d)
            }
            indexed.append((item["index"]?.intValue ?? position, vector))
        }
        indexed.sort { $0.0 < $1.0 }
        return EmbeddingsResult(
            vectors: indexed.map(\.1), usage: TokenUsage(json: json["usage"]), model: json["model"]?.stringValue)
    }
}
