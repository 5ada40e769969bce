import Foundation
import LLM

/// Messages as the pretty JSON `template render --chat` prints: OpenAI's request shape, stable key order.
enum ChatMessageJSON {
    static func encode(_ messages: [ChatMessage]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(messages), as: UTF8.self)
    }
}
