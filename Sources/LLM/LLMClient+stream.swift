import AsyncHTTPClient
import NIOCore

/// Turns an accepted streaming response into `LLMStreamEvent`s: SSE decoding, `[DONE]`, content deltas
/// (chat `choices[0].delta.content`, completion `choices[0].text`), usage last.
extension LLMClient {
    static func eventStream(from response: HTTPClientResponse, kind: StreamKind, secret: String) -> LLMStream {
        let (stream, continuation) = LLMStream.makeStream()
        let task = Task {
            await LLMClient.pump(response.body, kind: kind, secret: secret, into: continuation)
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private static func pump(
        _ body: HTTPClientResponse.Body, kind: StreamKind, secret: String,
        into continuation: LLMStream.Continuation
    ) async {
        var decoder = ServerSentEventDecoder()
        var usage: TokenUsage?
        var done = false
        do {
            for try await buffer in body {
                let events = buffer.withUnsafeReadableBytes { decoder.feed($0) }
                for event in events where !done {
                    done = try handle(event, kind: kind, secret: secret, usage: &usage, continuation: continuation)
                }
            }
            for event in decoder.finish() where !done {
                done = try handle(event, kind: kind, secret: secret, usage: &usage, continuation: continuation)
            }
            if let usage { continuation.yield(.usage(usage)) }
            continuation.finish()
        } catch let error as LLMError {
            continuation.finish(throwing: error)
        } catch {
            if Task.isCancelled {
                continuation.finish(throwing: CancellationError())
            } else {
                continuation.finish(
                    throwing: LLMError(
                        reason: .connection, errorType: "APIConnectionError",
                        upstreamMessage: LLMError.scrub(
                            "Connection lost while streaming the answer (\(error)).", secret: secret)))
            }
        }
    }

    /// Handles one event; returns true at `[DONE]`.
    private static func handle(
        _ event: ServerSentEvent, kind: StreamKind, secret: String, usage: inout TokenUsage?,
        continuation: LLMStream.Continuation
    ) throws -> Bool {
        let data = event.data
        if data == "[DONE]" || data.hasPrefix("[DONE]") { return true }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch {
            throw LLMError.invalidResponse("A stream event is not JSON (\(error.description)).")
        }
        if let error = json["error"], error != .null {
            let message = error["message"]?.stringValue ?? error.stringValue ?? error.jsonString
            throw LLMError(
                reason: .invalidResponse, errorType: "APIError",
                upstreamCode: error["code"]?.stringValue ?? error["type"]?.stringValue,
                upstreamMessage: LLMError.scrub(message, secret: secret))
        }
        if let choice = json["choices"]?.arrayValue?.first {
            let text: String
            switch kind {
            case .chat: text = choice["delta"]?["content"]?.stringValue ?? ""
            case .completion: text = choice["text"]?.stringValue ?? ""
            }
            if case .terminated = continuation.yield(.content(text)) { throw CancellationError() }
        }
        if let reported = TokenUsage(json: json["usage"]) { usage = reported }
        return false
    }
}
