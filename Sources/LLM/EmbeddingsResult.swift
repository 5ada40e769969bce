/// The answer of an embeddings call: one vector per input, in input order.
/// promptflow's embedding tool returns `vectors[0]`.
public struct EmbeddingsResult: Sendable, Equatable {
    public var vectors: [[Double]]
    public var usage: TokenUsage?
    public var model: String?

    public init(vectors: [[Double]], usage: TokenUsage?, model: String?) {
        self.vectors = vectors
        self.usage = usage
        self.model = model
    }
}
