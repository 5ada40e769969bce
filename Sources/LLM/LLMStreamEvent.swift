/// One item of a streamed chat or completion: a content delta as it arrived, or the usage the server
/// reported at the end. Empty deltas are delivered too, as promptflow's generator yields them.
public enum LLMStreamEvent: Sendable, Equatable {
    case content(String)
    case usage(TokenUsage)
}

/// A streamed answer, consumed as the bytes arrive; cancelling the consuming task (or dropping the
/// stream) cancels the HTTP request.
public typealias LLMStream = AsyncThrowingStream<LLMStreamEvent, any Error>
