import FlowSpec

/// Text chunks of a streamed output, delivered as they are produced; cancelling the consumer cancels the producer.
public typealias ChunkStream = AsyncThrowingStream<String, any Error>

/// What a node produced: a value, or (for an llm node or a generator tool feeding a flow output) a stream of chunks.
/// A stream can be consumed once; the engine only lets one flow output own it.
public enum NodeValue: Sendable {
    case value(FlowValue)
    case stream(ChunkStream)

    /// The value, joining a stream's chunks into one string (promptflow's `"".join(str(chunk) ...)`).
    public func joined() async throws -> FlowValue {
        switch self {
        case .value(let value): return value
        case .stream(let chunks):
            var text = ""
            for try await chunk in chunks { text += chunk }
            return .string(text)
        }
    }
}
