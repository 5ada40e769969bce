extension TestLLMServer {
    /// A failure the test server plays instead of answering one request.
    /// Queued with `failNext(_:with:)`; each queued fault is used by exactly one request.
    public enum Fault: Sendable, Equatable {
        /// An error answer: `{"error": {"message", "type", "code"}}` with optional `Retry-After` /
        /// `retry-after-ms` headers.
        case status(Int, type: String?, code: String?, message: String, retryAfter: String?, retryAfterMs: String?)
        /// Wait this long before answering normally (longer than the client's timeout = a hang).
        case hang(Duration)
        /// Start a 200 answer, send part of it, then close the connection.
        case dropConnection

        /// A 429 rate limit, optionally with `Retry-After: <seconds>`.
        public static func rateLimited(retryAfter: String? = nil, retryAfterMs: String? = nil) -> Fault {
            .status(
                429, type: "requests", code: "rate_limit_exceeded",
                message: "Rate limit reached for test-model. Please try again later.",
                retryAfter: retryAfter, retryAfterMs: retryAfterMs)
        }

        /// OpenAI's out-of-credit 429, which clients must not retry.
        public static let insufficientQuota = Fault.status(
            429, type: "insufficient_quota", code: "insufficient_quota",
            message: "You exceeded your current quota, please check your plan and billing details.",
            retryAfter: nil, retryAfterMs: nil)

        /// A 500 server error.
        public static let serverError = Fault.status(
            500, type: "server_error", code: nil, message: "The server had an error while processing your request.",
            retryAfter: nil, retryAfterMs: nil)

        /// A 400 invalid request.
        public static func badRequest(_ message: String = "Invalid value for 'temperature'.") -> Fault {
            .status(400, type: "invalid_request_error", code: nil, message: message, retryAfter: nil, retryAfterMs: nil)
        }
    }
}
