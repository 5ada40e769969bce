/// The limits one served flow enforces: body size (413), line timeout (408), concurrent runs and the
/// queue behind them (429 when full). Defaults follow promptflow where it has one.
public struct FlowServerLimits: Sendable, Equatable {
    /// Largest accepted request body, in bytes (default 16 MiB).
    public var maxBodyBytes: Int
    /// Seconds one run may take before it is cancelled and answered 408 (`PF_LINE_TIMEOUT_SEC`, default 600).
    public var lineTimeoutSeconds: Double
    /// Runs executing at once.
    public var maxConcurrentRuns: Int
    /// Requests waiting for a run slot before new ones are refused with 429.
    public var maxQueuedRuns: Int

    public init(
        maxBodyBytes: Int = 16 << 20, lineTimeoutSeconds: Double = 600, maxConcurrentRuns: Int = 64,
        maxQueuedRuns: Int = 256
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.lineTimeoutSeconds = lineTimeoutSeconds
        self.maxConcurrentRuns = maxConcurrentRuns
        self.maxQueuedRuns = maxQueuedRuns
    }
}
