/// Token counts an LLM call reports (`usage` in OpenAI's responses).
/// Summed per node and per run by the flow engine; streams report it at the end.
public struct TokenUsage: Sendable, Equatable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
    }

    /// Reads `{"prompt_tokens", "completion_tokens", "total_tokens"}`; nil when absent or null.
    init?(json: JSONValue?) {
        guard let json, case .object = json else { return nil }
        let prompt = json["prompt_tokens"]?.intValue ?? 0
        let completion = json["completion_tokens"]?.intValue ?? 0
        self.init(
            promptTokens: prompt, completionTokens: completion,
            totalTokens: json["total_tokens"]?.intValue ?? prompt + completion)
    }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: lhs.promptTokens + rhs.promptTokens,
            completionTokens: lhs.completionTokens + rhs.completionTokens,
            totalTokens: lhs.totalTokens + rhs.totalTokens)
    }
}
