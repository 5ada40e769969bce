/// How a deployment's instances take scoring requests (COMPAT §D, Azure's `request_settings`), with Azure's defaults.
/// The gateway answers 408 past `requestTimeoutMS` and 429 past 2 × `maxConcurrentRequestsPerInstance` × instances.
public struct RequestSettings: Sendable, Hashable, Codable {
    /// Azure's defaults: 5 s timeout, one request at a time per instance, 500 ms queue wait.
    public static let defaultRequestTimeoutMS = 5_000
    public static let defaultMaxConcurrentRequestsPerInstance = 1
    public static let defaultMaxQueueWaitMS = 500
    /// Flows may run up to five minutes per request.
    public static let maxRequestTimeoutMS = 300_000
    public static let maxConcurrentRequestsLimit = 1_000
    public static let maxQueueWaitLimitMS = 300_000

    public var requestTimeoutMS: Int
    public var maxConcurrentRequestsPerInstance: Int
    public var maxQueueWaitMS: Int

    public init(
        requestTimeoutMS: Int = defaultRequestTimeoutMS,
        maxConcurrentRequestsPerInstance: Int = defaultMaxConcurrentRequestsPerInstance,
        maxQueueWaitMS: Int = defaultMaxQueueWaitMS
    ) {
        self.requestTimeoutMS = requestTimeoutMS
        self.maxConcurrentRequestsPerInstance = maxConcurrentRequestsPerInstance
        self.maxQueueWaitMS = maxQueueWaitMS
    }

    func validate(into issues: inout ValidationIssues) {
        issues.require(
            (1...Self.maxRequestTimeoutMS).contains(requestTimeoutMS), "request_settings.request_timeout_ms",
            "\(requestTimeoutMS) is out of range; flows allow 1 to \(Self.maxRequestTimeoutMS) ms")
        issues.require(
            (1...Self.maxConcurrentRequestsLimit).contains(maxConcurrentRequestsPerInstance),
            "request_settings.max_concurrent_requests_per_instance",
            "\(maxConcurrentRequestsPerInstance) is out of range; allowed are 1 to \(Self.maxConcurrentRequestsLimit)")
        issues.require(
            (0...Self.maxQueueWaitLimitMS).contains(maxQueueWaitMS), "request_settings.max_queue_wait_ms",
            "\(maxQueueWaitMS) is out of range; allowed are 0 to \(Self.maxQueueWaitLimitMS) ms")
    }
}
