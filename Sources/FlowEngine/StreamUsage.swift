import LLM
import Synchronization

/// The token usage of a streamed LLM answer, known only once the stream has ended (the server reports it last).
/// Read it after consuming the chunks; nil when the server sent none.
public final class StreamUsage: Sendable {
    private let value = Mutex<TokenUsage?>(nil)

    public init() {}

    /// The usage reported at the end of the stream.
    public var usage: TokenUsage? { value.withLock { $0 } }

    func record(_ usage: TokenUsage) { value.withLock { $0 = usage } }
}
