import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The HTTP handlers of the test server: record, play a queued fault if any, else answer.
extension TestLLMServer {
    enum Operation: String, CaseIterable {
        case chat = "chat/completions"
        case completion = "completions"
        case embeddings = "embeddings"
    }

    func addRoutes(to router: Router<TestLLMRequestContext>) {
        for operation in Operation.allCases {
            for prefix in ["/v1/", "/"] {
                router.post(RouterPath(prefix + operation.rawValue)) { request, context in
                    try await self.handle(request, context: context, operation: operation, deployment: nil)
                }
            }
            router.post(RouterPath("/openai/deployments/:deployment/" + operation.rawValue)) { request, context in
                try await self.handle(
                    request, context: context, operation: operation, deployment: context.parameters.get("deployment"))
            }
        }
    }

    func handle(
        _ request: Request, context: TestLLMRequestContext, operation: Operation, deployment: String?
    ) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 16 << 20)
        let bodyText = String(buffer: buffer)
        let memoKey =
            memoizesAnswers && !recordsRequests
            ? AnswerMemo.key(operation: operation.rawValue, deployment: deployment, body: bodyText) : nil
        if let memoKey, let answer = rememberedAnswer(memoKey) { return response(answer) }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let recorded = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: query, headers: headers, body: bodyText,
            clientPort: context.remoteAddress?.port)
        let fault = state.withLock { state -> Fault? in
            if recordsRequests { state.requests.append(recorded) }
            return state.faults.isEmpty ? nil : state.faults.removeFirst()
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any] ?? [:]
        let model = deployment ?? (body["model"] as? String) ?? "test-model"
        let stream = (body["stream"] as? Bool ?? false) && operation != .embeddings

        switch fault {
        case .status(let status, let type, let code, let message, let retryAfter, let retryAfterMs):
            var error: [String: Any] = ["message": message, "param": NSNull()]
            error["type"] = type ?? NSNull()
            error["code"] = code ?? NSNull()
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            if let retryAfter { fields[HTTPField.Name("Retry-After")!] = retryAfter }
            if let retryAfterMs { fields[HTTPField.Name("retry-after-ms")!] = retryAfterMs }
            return Response(
                status: .init(code: status), headers: fields,
                body: .init(byteBuffer: ByteBuffer(string: Self.jsonText(["error": error]))))
        case .hang(let duration):
            try await Task.sleep(for: duration)
        case .dropConnection:
            return dropResponse(body: body, operation: operation, model: model, stream: stream)
        case nil:
            break
        }

        if stream {
            let events = Self.streamEvents(body, chat: operation == .chat, model: model)
            if let memoKey, fault == nil {
                remember(.events(events.map { ByteBuffer(string: "data: \($0)\n\n") }), for: memoKey)
            }
            return streamResponse(events: events)
        }
        let answer: [String: Any]
        switch operation {
        case .chat: answer = Self.chatAnswer(body, model: model)
        case .completion: answer = Self.completionAnswer(body, model: model)
        case .embeddings: answer = Self.embeddingsAnswer(body, model: model)
        }
        let json = ByteBuffer(string: Self.jsonText(answer))
        if let memoKey, fault == nil { remember(.json(json), for: memoKey) }
        return response(.json(json))
    }

    /// A remembered answer for `key`, when answers may be replayed now (no fault queued, no delay, no pause).
    func rememberedAnswer(_ key: String) -> AnswerMemo.Answer? {
        state.withLock { state in
            guard state.faults.isEmpty, state.chunkDelay == .zero, !state.pauseAfterFirstChunk,
                let answer = state.memo.answer(for: key)
            else { return nil }
            state.answersReplayed += 1
            return answer
        }
    }

    func remember(_ answer: AnswerMemo.Answer, for key: String) {
        state.withLock { $0.memo.remember(answer, for: key) }
    }

    /// The response of a remembered (or just built) answer.
    func response(_ answer: AnswerMemo.Answer) -> Response {
        var fields = HTTPFields()
        switch answer {
        case .json(let body):
            fields[.contentType] = "application/json"
            return Response(status: .ok, headers: fields, body: .init(byteBuffer: body))
        case .events(let events):
            fields[.contentType] = "text/event-stream"
            fields[.cacheControl] = "no-cache"
            return Response(
                status: .ok, headers: fields,
                body: ResponseBody { writer in
                    for event in events { try await writer.write(event) }
                    self.state.withLock { $0.streamEventsSent += events.count }
                    try await writer.finish(nil)
                })
        }
    }

    /// A 200 whose body breaks off: half the JSON (or the first stream events), then the connection closes.
    func dropResponse(body: [String: Any], operation: Operation, model: String, stream: Bool) -> Response {
        var fields = HTTPFields()
        if stream {
            fields[.contentType] = "text/event-stream"
            let events = Self.streamEvents(body, chat: operation == .chat, model: model).prefix(2)
            return Response(
                status: .ok, headers: fields,
                body: ResponseBody { writer in
                    for event in events {
                        try await writer.write(ByteBuffer(string: "data: \(event)\n\n"))
                    }
                    throw TestLLMServerError.droppedOnPurpose
                })
        }
        let text: String
        switch operation {
        case .chat: text = Self.jsonText(Self.chatAnswer(body, model: model))
        case .completion: text = Self.jsonText(Self.completionAnswer(body, model: model))
        case .embeddings: text = Self.jsonText(Self.embeddingsAnswer(body, model: model))
        }
        fields[.contentType] = "application/json"
        let half = String(text.prefix(text.count / 2))
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody(contentLength: text.utf8.count) { writer in
                try await writer.write(ByteBuffer(string: half))
                throw TestLLMServerError.droppedOnPurpose
            })
    }

    /// The SSE answer: events written one by one, honouring the chunk delay and the pause switch.
    func streamResponse(events: [String]) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody { writer in
                var contentChunksSent = 0
                for (index, event) in events.enumerated() {
                    let delay = self.state.withLock { $0.chunkDelay }
                    if index > 0, delay > .zero { try await Task.sleep(for: delay) }
                    try await writer.write(ByteBuffer(string: "data: \(event)\n\n"))
                    self.state.withLock { $0.streamEventsSent += 1 }
                    if event.contains("\"content\":\"") || event.contains("\"text\":\"") {
                        if !event.contains("\"content\":\"\"") && !event.contains("\"text\":\"\"") {
                            contentChunksSent += 1
                        }
                    }
                    if contentChunksSent == 1 {
                        contentChunksSent += 1  // pause once, after the first non-empty chunk
                        await self.waitIfPaused()
                    }
                }
                try await writer.finish(nil)
            })
    }

    func waitIfPaused() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                guard state.pauseAfterFirstChunk else { return true }
                state.pausedStreams.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
