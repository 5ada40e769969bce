import Foundation

/// A failed LLM call, worded like promptflow's `WrappedOpenAIError` (`OpenAI API hits <Type>: ...`).
/// Always a user error (promptflow reports these as `UserError`); the text never contains the API key.
public struct LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as the retry logic sees it.
    public enum Reason: Sendable, Equatable {
        /// The server answered with this HTTP status.
        case status(Int)
        /// No complete answer within the request timeout.
        case timeout
        /// The connection failed or was dropped before the answer was complete.
        case connection
        /// The server answered 2xx with a body that is not the expected JSON.
        case invalidResponse
        /// The call was refused before anything was sent (missing deployment, bad parameter).
        case invalidRequest
    }

    public var reason: Reason
    /// The openai-python exception class promptflow would name (`RateLimitError`, `APITimeoutError`, ...).
    public var errorType: String
    /// The upstream error's `code` or `type` (e.g. `insufficient_quota`), when the body had one.
    public var upstreamCode: String?
    /// The upstream error message (or a description of the local failure).
    public var upstreamMessage: String
    /// How many HTTP attempts were made.
    public var attempts: Int
    /// True when the error was retriable and the attempt limit was reached.
    public var retriesExhausted: Bool

    public init(
        reason: Reason, errorType: String, upstreamCode: String? = nil, upstreamMessage: String,
        attempts: Int = 1, retriesExhausted: Bool = false
    ) {
        self.reason = reason
        self.errorType = errorType
        self.upstreamCode = upstreamCode
        self.upstreamMessage = upstreamMessage
        self.attempts = attempts
        self.retriesExhausted = retriesExhausted
    }

    /// LLM call failures are user errors in promptflow (`WrappedOpenAIError`, `LLMError`).
    public var isUserError: Bool { true }

    /// The upstream HTTP status, when there was one.
    public var status: Int? {
        if case .status(let code) = reason { return code }
        return nil
    }

    static let reference = "Error reference: https://platform.openai.com/docs/guides/error-codes/api-errors"

    /// The full message, e.g.
    /// `Exceed max retry times. OpenAI API hits RateLimitError: Error code: 429 - Too many requests [Error reference: ...]`.
    public var message: String {
        let prefix = retriesExhausted ? "Exceed max retry times. " : ""
        switch reason {
        case .status(let code):
            return prefix + "OpenAI API hits \(errorType): Error code: \(code) - \(upstreamMessage) [\(Self.reference)]"
        case .timeout, .connection:
            return prefix + "OpenAI API hits \(errorType): \(upstreamMessage) [\(Self.reference)]"
        case .invalidResponse:
            return "OpenAI API hits exception: \(errorType): \(upstreamMessage)"
        case .invalidRequest:
            return upstreamMessage
        }
    }

    public var description: String { message }

    static func invalidRequest(_ message: String) -> LLMError {
        LLMError(reason: .invalidRequest, errorType: "LLMError", upstreamMessage: message)
    }

    static func invalidResponse(_ message: String) -> LLMError {
        LLMError(reason: .invalidResponse, errorType: "InvalidResponse", upstreamMessage: message)
    }

    /// openai-python's exception class for an HTTP status.
    static func errorType(forStatus status: Int) -> String {
        switch status {
        case 400: return "BadRequestError"
        case 401: return "AuthenticationError"
        case 403: return "PermissionDeniedError"
        case 404: return "NotFoundError"
        case 409: return "ConflictError"
        case 422: return "UnprocessableEntityError"
        case 429: return "RateLimitError"
        case 500...: return "InternalServerError"
        default: return "APIStatusError"
        }
    }

    /// Builds the error for a non-2xx answer from its body (`{"error": {"message", "type", "code"}}`
    /// or any other shape), with `secret` scrubbed from the text.
    static func fromResponse(status: Int, body: [UInt8], secret: String) -> LLMError {
        var message: String?
        var code: String?
        if let json = try? JSONValue(parsing: body) {
            let error = json["error"]
            if let error, case .object = error {
                message = error["message"]?.stringValue
                let type = error["type"]?.stringValue
                let errorCode = error["code"]?.stringValue
                // OpenAI puts `insufficient_quota` in `type` and often in `code` too; keep whichever says it.
                if type == "insufficient_quota" || errorCode == "insufficient_quota" {
                    code = "insufficient_quota"
                } else {
                    code = errorCode ?? type
                }
            } else if let text = error?.stringValue {
                message = text
            }
            message = message ?? json["message"]?.stringValue ?? json["detail"]?.stringValue
        }
        var text = message ?? String(decoding: body.prefix(2000), as: UTF8.self)
        if text.isEmpty { text = "<empty message>" }
        return LLMError(
            reason: .status(status), errorType: errorType(forStatus: status), upstreamCode: code,
            upstreamMessage: scrub(text, secret: secret))
    }

    /// Removes the API key (if the upstream echoed it) from a text.
    static func scrub(_ text: String, secret: String) -> String {
        guard secret.count >= 4, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: "******")
    }
}
