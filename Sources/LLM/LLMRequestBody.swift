/// Writes the JSON bodies of chat, completion and embeddings requests in one pass, in the key
/// order OpenAI documents, leaving out every empty parameter.
enum LLMRequestBody {
    struct StreamOptions {
        var stream: Bool
        var includeUsage: Bool
    }

    static func chat(
        messages: [ChatMessage], parameters p: LLMParameters, endpoint: LLMEndpoint, stream: StreamOptions
    ) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 512)
        var first = true
        w.beginObject()
        writeModel(&w, &first, p, endpoint)
        w.key("messages", first: &first)
        w.bytes.append(UInt8(ascii: "["))
        for (i, message) in messages.enumerated() {
            if i > 0 { w.bytes.append(UInt8(ascii: ",")) }
            writeMessage(&w, message)
        }
        w.bytes.append(UInt8(ascii: "]"))
        writeCommon(&w, &first, p, stream: stream)
        let hasTools = !(p.tools ?? []).isEmpty
        if hasTools {
            member(&w, &first, "tools", .array(p.tools ?? []))
            member(&w, &first, "tool_choice", p.toolChoice)
        } else if let functions = p.functions, !functions.isEmpty {
            // promptflow: tools win over functions; function_call defaults to "auto".
            member(&w, &first, "functions", .array(functions))
            let call = p.functionCall.flatMap { $0.isEmptyParameter ? nil : $0 } ?? .string("auto")
            member(&w, &first, "function_call", call)
        }
        member(&w, &first, "response_format", p.responseFormat)
        member(&w, &first, "seed", p.seed.map { .int($0) })
        writeExtra(&w, &first, p)
        w.endObject()
        return w.bytes
    }

    static func completion(
        prompt: String, parameters p: LLMParameters, endpoint: LLMEndpoint, stream: StreamOptions
    ) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 256 + prompt.utf8.count)
        var first = true
        w.beginObject()
        writeModel(&w, &first, p, endpoint)
        w.key("prompt", first: &first)
        w.writeString(prompt)
        writeCommon(&w, &first, p, stream: stream)
        member(&w, &first, "seed", p.seed.map { .int($0) })
        writeExtra(&w, &first, p)
        w.endObject()
        return w.bytes
    }

    static func embeddings(input: [String], model: String?, endpoint: LLMEndpoint) -> [UInt8] {
        var w = JSONWriter()
        var first = true
        w.beginObject()
        w.key("input", first: &first)
        w.write(input.count == 1 ? .string(input[0]) : .array(input.map { .string($0) }))
        member(&w, &first, "model", model.map { .string($0) })
        w.endObject()
        return w.bytes
    }

    private static func writeModel(
        _ w: inout JSONWriter, _ first: inout Bool, _ p: LLMParameters, _ endpoint: LLMEndpoint
    ) {
        let model = endpoint.isAzure ? (p.deploymentName ?? p.model) : (p.model ?? p.deploymentName)
        member(&w, &first, "model", model.map { .string($0) })
    }

    private static func writeCommon(
        _ w: inout JSONWriter, _ first: inout Bool, _ p: LLMParameters, stream: StreamOptions
    ) {
        member(&w, &first, "temperature", p.temperature.map { .double($0) })
        member(&w, &first, "top_p", p.topP.map { .double($0) })
        member(&w, &first, "n", p.n.map { .int($0) })
        if stream.stream {
            member(&w, &first, "stream", .bool(true))
            if stream.includeUsage {
                member(&w, &first, "stream_options", .object(["include_usage": .bool(true)]))
            }
        }
        member(&w, &first, "stop", p.stop.map { .array($0.map { .string($0) }) })
        member(&w, &first, "max_tokens", p.maxTokens.map { .int($0) })
        member(&w, &first, "presence_penalty", p.presencePenalty.map { .double($0) })
        member(&w, &first, "frequency_penalty", p.frequencyPenalty.map { .double($0) })
        member(&w, &first, "logit_bias", p.logitBias)
        member(&w, &first, "user", p.user.map { .string($0) })
    }

    private static func writeExtra(_ w: inout JSONWriter, _ first: inout Bool, _ p: LLMParameters) {
        for key in p.extra.keys.sorted() where !reserved.contains(key) {
            member(&w, &first, key, p.extra[key])
        }
    }

    /// Keys the builders own; `extra` cannot override them.
    private static let reserved: Set<String> = [
        "model", "messages", "prompt", "stream", "stream_options", "temperature", "top_p", "n", "stop",
        "max_tokens", "presence_penalty", "frequency_penalty", "logit_bias", "user", "tools", "tool_choice",
        "functions", "function_call", "response_format", "seed",
    ]

    private static func member(_ w: inout JSONWriter, _ first: inout Bool, _ key: String, _ value: JSONValue?) {
        guard let value, !value.isEmptyParameter else { return }
        w.key(key, first: &first)
        w.write(value)
    }

    static func writeMessage(_ w: inout JSONWriter, _ m: ChatMessage) {
        var first = true
        w.beginObject()
        w.key("role", first: &first)
        w.writeString(m.role.rawValue)
        if let content = m.content {
            w.key("content", first: &first)
            switch content {
            case .text(let text): w.writeString(text)
            case .parts(let parts):
                w.bytes.append(UInt8(ascii: "["))
                for (i, part) in parts.enumerated() {
                    if i > 0 { w.bytes.append(UInt8(ascii: ",")) }
                    switch part {
                    case .text(let text):
                        w.write(.object(["type": .string("text"), "text": .string(text)]))
                    case .imageURL(let url, let detail):
                        var image: [String: JSONValue] = ["url": .string(url)]
                        if let detail { image["detail"] = .string(detail) }
                        w.write(.object(["type": .string("image_url"), "image_url": .object(image)]))
                    }
                }
                w.bytes.append(UInt8(ascii: "]"))
            }
        }
        if let name = m.name {
            w.key("name", first: &first)
            w.writeString(name)
        }
        if let toolCalls = m.toolCalls {
            w.key("tool_calls", first: &first)
            w.write(.array(toolCalls))
        }
        if let id = m.toolCallID {
            w.key("tool_call_id", first: &first)
            w.writeString(id)
        }
        w.endObject()
    }
}
