/// The answer of a chat call: what promptflow's llm tool returns (`output`), plus the parts the engine
/// records (message, finish reason, usage).
public struct ChatResult: Sendable, Equatable {
    /// The first choice's `content` (null when the model sent none), or the whole message when
    /// `tools` or `functions` were given.
    public var output: JSONValue
    /// The first choice's message as the server sent it.
    public var message: JSONValue
    /// The first choice's text content, if any.
    public var content: String?
    public var finishReason: String?
    public var usage: TokenUsage?
    /// The model the server says answered.
    public var model: String?

    public init(
        output: JSONValue, message: JSONValue, content: String?, finishReason: String?, usage: TokenUsage?,
        model: String?
    ) {
        self.output = output
        self.message = message
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }
}
