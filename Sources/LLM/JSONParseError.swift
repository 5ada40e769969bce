/// Why a byte sequence is not JSON, with the byte offset where parsing stopped.
/// Raised by `JSONValue(parsing:)`; the LLM client turns it into an `LLMError`.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
