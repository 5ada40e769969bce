/// Settings shared by every call of an `LLMClient`: timeout, retry policy, stream usage, limits.
/// Defaults follow openai-python (600 s timeout) and promptflow-tools (100 retries).
public struct LLMClientConfiguration: Sendable {
    /// The longest one HTTP attempt may take: the whole answer when not streaming, the response head
    /// when streaming. A timed-out attempt is retried like a dropped connection.
    public var timeout: Duration
    public var retry: RetryPolicy
    /// Ask for usage at the end of streams (`stream_options: {"include_usage": true}`). Azure gets it only
    /// from api-version 2024-09-01 on; a server that rejects the field is asked again without it.
    public var requestStreamUsage: Bool
    /// The largest non-streamed response body accepted.
    public var maxResponseBytes: Int
    /// Sent as `User-Agent`.
    public var userAgent: String

    public init(
        timeout: Duration = .seconds(600),
        retry: RetryPolicy = .promptflow,
        requestStreamUsage: Bool = true,
        maxResponseBytes: Int = 64 << 20,
        userAgent: String = "flowgate"
    ) {
        self.timeout = timeout
        self.retry = retry
        self.requestStreamUsage = requestStreamUsage
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
    }
}
