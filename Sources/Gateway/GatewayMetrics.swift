import Prometheus
import Synchronization

/// The gateway's own metric families on a registry of their own: requests by endpoint, deployment and status
/// code, and their duration (until the last byte of a streamed answer). Names no instance metric uses.
final class GatewayMetrics: Sendable {
    static let requestsName = "flowgate_gateway_requests_total"
    static let durationName = "flowgate_gateway_request_duration_seconds"
    /// Seconds: from a fast in-process answer to the five-minute flow limit.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]

    private struct Labels: Hashable {
        var endpoint: String
        var deployment: String
        var statusCode: Int
    }

    private struct DurationLabels: Hashable {
        var endpoint: String
        var deployment: String
    }

    let registry = PrometheusCollectorRegistry()
    private let counters = Mutex<[Labels: Counter]>([:])
    private let histograms = Mutex<[DurationLabels: DurationHistogram]>([:])

    /// One answered request; `deployment` is empty when none was chosen (401, 404).
    func record(endpoint: String, deployment: String, statusCode: Int, duration: Duration) {
        counter(Labels(endpoint: endpoint, deployment: deployment, statusCode: statusCode)).increment()
        histogram(DurationLabels(endpoint: endpoint, deployment: deployment)).record(duration)
    }

    /// The families in Prometheus text format.
    var text: String {
        registry.emitToString()
    }

    private func counter(_ labels: Labels) -> Counter {
        if let cached = counters.withLock({ $0[labels] }) { return cached }
        let made = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "flowgate_gateway_requests", unitName: "total",
                helpText: "Scoring requests answered by the gateway."),
            labels: [
                ("endpoint", labels.endpoint), ("deployment", labels.deployment),
                ("status_code", String(labels.statusCode)),
            ])
        counters.withLock { $0[labels] = made }
        return made
    }

    private func histogram(_ labels: DurationLabels) -> DurationHistogram {
        if let cached = histograms.withLock({ $0[labels] }) { return cached }
        let made = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "flowgate_gateway_request_duration", unitName: "seconds",
                helpText: "Time from a scoring request's arrival to the last byte of its answer."),
            labels: [("endpoint", labels.endpoint), ("deployment", labels.deployment)],
            buckets: Self.durationBuckets)
        histograms.withLock { $0[labels] = made }
        return made
    }
}
