/// The answer of a (legacy) completion call: the first choice's text and the usage.
/// promptflow's completion tool returns `text`.
public struct CompletionResult: Sendable, Equatable {
    public var text: String
    public var finishReason: String?
    public var usage: TokenUsage?
    public var model: String?

    public init(text: String, finishReason: String?, usage: TokenUsage?, model: String?) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }
}
