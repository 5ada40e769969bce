/// How often and how long to wait before retrying an LLM call (COMPAT §B): 5xx, 429 unless
/// `insufficient_quota`, a few consecutive 422s, timeouts and dropped connections.
///
/// Defaults follow promptflow-tools' `handle_openai_error(tries=100, unprocessable_entity_error_tries=3)`:
/// up to 100 retries, `Retry-After` honoured, else exponential backoff from 3 s capped at 60 s, with jitter.
/// `sleep` is injectable so tests wait milliseconds (or nothing) instead of seconds.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt (promptflow: 100).
    public var maxRetries: Int
    /// Consecutive 422 answers after which the call fails (promptflow: 3).
    public var maxConsecutiveUnprocessable: Int
    /// The backoff before the first retry when the server gave no `Retry-After`.
    public var initialDelay: Duration
    /// The cap on any wait, `Retry-After` included.
    public var maxDelay: Duration
    /// Fraction of each backoff taken off at random (0 = none, 0.25 = up to a quarter less).
    public var jitter: Double
    /// Waits between attempts; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maxRetries: Int = 100,
        maxConsecutiveUnprocessable: Int = 3,
        initialDelay: Duration = .seconds(3),
        maxDelay: Duration = .seconds(60),
        jitter: Double = 0.25,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxRetries = maxRetries
        self.maxConsecutiveUnprocessable = maxConsecutiveUnprocessable
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.sleep = sleep
    }

    /// promptflow's defaults.
    public static var promptflow: RetryPolicy { RetryPolicy() }

    /// No retries at all.
    public static var none: RetryPolicy { RetryPolicy(maxRetries: 0) }

    /// The wait before retry number `retry` (0-based): the server's `Retry-After` when given,
    /// else `initialDelay * 2^retry` less up to `jitter` of it; never more than `maxDelay`.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter {
            return min(max(retryAfter, .zero), maxDelay)
        }
        let exponent = min(retry, 30)
        var backoff = initialDelay * (1 << exponent)
        if backoff > maxDelay || backoff < .zero { backoff = maxDelay }
        if jitter > 0 {
            let factor = 1 - Double.random(in: 0...min(jitter, 1))
            backoff = backoff * factor
        }
        return backoff
    }
}
