/// A liveness or readiness probe (Azure's `liveness_probe` / `readiness_probe`), times in seconds, Azure's defaults:
/// first check after 10 s, every 10 s, 2 s timeout, healthy after 1 success, unhealthy after 30 failures.
public struct ProbeSettings: Sendable, Hashable, Codable {
    public var initialDelay: Int
    public var period: Int
    public var timeout: Int
    public var successThreshold: Int
    public var failureThreshold: Int

    public init(
        initialDelay: Int = 10, period: Int = 10, timeout: Int = 2, successThreshold: Int = 1,
        failureThreshold: Int = 30
    ) {
        self.initialDelay = initialDelay
        self.period = period
        self.timeout = timeout
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
    }

    func validate(field: String, into issues: inout ValidationIssues) {
        issues.require(initialDelay >= 0, "\(field).initial_delay", "\(initialDelay) must be 0 or more seconds")
        issues.require(period >= 1, "\(field).period", "\(period) must be at least 1 second")
        issues.require(timeout >= 1, "\(field).timeout", "\(timeout) must be at least 1 second")
        issues.require(successThreshold >= 1, "\(field).success_threshold", "\(successThreshold) must be at least 1")
        issues.require(failureThreshold >= 1, "\(field).failure_threshold", "\(failureThreshold) must be at least 1")
    }
}
