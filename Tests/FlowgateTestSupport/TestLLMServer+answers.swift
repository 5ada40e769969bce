import Foundation

/// The deterministic answers of the test server, public so tests can compute what to expect.
extension TestLLMServer {
    /// The chat reply for the last user message's text.
    public static func chatReply(to text: String) -> String { "echo: " + text }

    /// The completion for a prompt.
    public static func completionText(for prompt: String) -> String { "echo: " + prompt }

    /// Token counts are whitespace-separated words.
    public static func tokenCount(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }

    /// How a reply is cut into stream chunks: two words per chunk, spaces kept, so the chunks join
    /// back to the reply exactly.
    public static func streamChunks(for reply: String) -> [String] {
        let words = reply.split(separator: " ", omittingEmptySubsequences: false)
        var chunks: [String] = []
        var index = 0
        while index < words.count {
            let end = min(index + 2, words.count)
            var chunk = words[index..<end].joined(separator: " ")
            if end < words.count { chunk += " " }
            chunks.append(chunk)
            index = end
        }
        return chunks
    }

    /// An 8-dimensional embedding derived from the text's bytes.
    public static func embedding(for text: String) -> [Double] {
        var sums = [UInt64](repeating: 0, count: 8)
        for (i, byte) in text.utf8.enumerated() {
            sums[i % 8] = sums[i % 8] &* 31 &+ UInt64(byte)
        }
        return sums.map { Double($0 % 1000) / 1000 }
    }

    /// The text of a message's `content` (a string, or the text parts of a list).
    static func text(of content: Any?) -> String {
        if let s = content as? String { return s }
        if let parts = content as? [[String: Any]] {
            return parts.compactMap { $0["text"] as? String }.joined(separator: "\n")
        }
        return ""
    }

    static func lastUserText(_ messages: [[String: Any]]) -> String {
        guard let last = messages.last(where: { ($0["role"] as? String) == "user" }) else { return "" }
        return text(of: last["content"])
    }

    static func usage(prompt: Int, completion: Int) -> [String: Any] {
        ["prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion]
    }

    /// The non-streamed chat completion for a request body.
    static func chatAnswer(_ body: [String: Any], model: String) -> [String: Any] {
        let messages = body["messages"] as? [[String: Any]] ?? []
        let promptTokens = messages.map { tokenCount(text(of: $0["content"])) }.reduce(0, +)
        let userText = lastUserText(messages)
        var message: [String: Any] = ["role": "assistant"]
        let finishReason: String
        let completionTokens: Int
        let arguments = jsonText(["text": userText])
        if let tools = body["tools"] as? [[String: Any]], let tool = tools.first {
            let name = (tool["function"] as? [String: Any])?["name"] as? String ?? "tool"
            message["content"] = NSNull()
            message["tool_calls"] = [
                ["id": "call_1", "type": "function", "function": ["name": name, "arguments": arguments]]
            ]
            finishReason = "tool_calls"
            completionTokens = tokenCount(arguments)
        } else if let functions = body["functions"] as? [[String: Any]], let function = functions.first {
            message["content"] = NSNull()
            message["function_call"] = ["name": function["name"] as? String ?? "function", "arguments": arguments]
            finishReason = "function_call"
            completionTokens = tokenCount(arguments)
        } else {
            let reply = chatReply(to: userText)
            message["content"] = reply
            finishReason = "stop"
            completionTokens = tokenCount(reply)
        }
        return [
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": model,
            "choices": [["index": 0, "message": message, "finish_reason": finishReason]],
            "usage": usage(prompt: promptTokens, completion: completionTokens),
        ]
    }

    static func completionAnswer(_ body: [String: Any], model: String) -> [String: Any] {
        let prompt = body["prompt"] as? String ?? ""
        let text = completionText(for: prompt)
        return [
            "id": "cmpl-test", "object": "text_completion", "created": 0, "model": model,
            "choices": [["index": 0, "text": text, "finish_reason": "stop", "logprobs": NSNull()]],
            "usage": usage(prompt: tokenCount(prompt), completion: tokenCount(text)),
        ]
    }

    static func embeddingsAnswer(_ body: [String: Any], model: String) -> [String: Any] {
        let inputs: [String]
        if let one = body["input"] as? String {
            inputs = [one]
        } else {
            inputs = body["input"] as? [String] ?? []
        }
        let data: [[String: Any]] = inputs.enumerated().map { index, text in
            ["object": "embedding", "index": index, "embedding": embedding(for: text)]
        }
        let tokens = inputs.map(tokenCount).reduce(0, +)
        return [
            "object": "list", "model": model, "data": data,
            "usage": ["prompt_tokens": tokens, "total_tokens": tokens],
        ]
    }

    /// The SSE events of a streamed answer (without the `data: ` framing), `[DONE]` last.
    static func streamEvents(_ body: [String: Any], chat: Bool, model: String) -> [String] {
        let includeUsage = ((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool) ?? false
        var events: [String] = []
        let promptTokens: Int
        let reply: String
        func chunk(_ choice: [String: Any]?, usage: [String: Any]? = nil) -> String {
            var object: [String: Any] = [
                "id": chat ? "chatcmpl-test" : "cmpl-test", "object": chat ? "chat.completion.chunk" : "text_completion",
                "created": 0, "model": model, "choices": choice.map { [$0] } ?? [],
            ]
            if let usage { object["usage"] = usage }
            return jsonText(object)
        }
        if chat {
            let messages = body["messages"] as? [[String: Any]] ?? []
            promptTokens = messages.map { tokenCount(text(of: $0["content"])) }.reduce(0, +)
            reply = chatReply(to: lastUserText(messages))
            events.append(
                chunk(["index": 0, "delta": ["role": "assistant", "content": ""], "finish_reason": NSNull()]))
            for piece in streamChunks(for: reply) {
                events.append(chunk(["index": 0, "delta": ["content": piece], "finish_reason": NSNull()]))
            }
            events.append(chunk(["index": 0, "delta": [String: Any](), "finish_reason": "stop"]))
        } else {
            let prompt = body["prompt"] as? String ?? ""
            promptTokens = tokenCount(prompt)
            reply = completionText(for: prompt)
            for piece in streamChunks(for: reply) {
                events.append(chunk(["index": 0, "text": piece, "finish_reason": NSNull()]))
            }
            events.append(chunk(["index": 0, "text": "", "finish_reason": "stop"]))
        }
        if includeUsage {
            events.append(chunk(nil, usage: usage(prompt: promptTokens, completion: tokenCount(reply))))
        }
        events.append("[DONE]")
        return events
    }

    static func jsonText(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
