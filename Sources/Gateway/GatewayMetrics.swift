import Prometheus
import Synchronization
import Telemetry

/// The gateway's own metric families on a registry of their own: requests by endpoint, deployment and status
/// code, and their duration (until the last byte of a streamed answer); mirrored copies in families of their own
/// (`flowgate_gateway_mirror_*`, with the mirror deployment's label) and the copies skipped for want of a slot.
final class GatewayMetrics: Sendable {
    static let requestsName = "flowgate_gateway_requests_total"
    static let durationName = "flowgate_gateway_request_duration_seconds"
    static let mirrorRequestsName = "flowgate_gateway_mirror_requests_total"
    static let mirrorSkippedName = "flowgate_gateway_mirror_skipped_total"
    /// Seconds: from a fast in-process answer to the five-minute flow limit.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]

    /// Which family: the client's requests or the mirrored copies.
    private enum Family: Hashable {
        case live, mirror, mirrorSkipped
    }

    private struct Labels: Hashable {
        var family: Family
        var endpoint: String
        var deployment: String
        /// `nil` for the duration histograms and the skipped counter.
        var statusCode: Int?
    }

    let registry = PrometheusCollectorRegistry()
    /// Each answer by deployment and minute, for the management API's metrics history.
    let history: MetricsHistory
    private let counters = Mutex<[Labels: Counter]>([:])
    private let histograms = Mutex<[Labels: DurationHistogram]>([:])

    init(history: MetricsHistory) {
        self.history = history
    }

    /// One answered request; `deployment` is empty when none was chosen (401, 404).
    func record(endpoint: String, deployment: String, statusCode: Int, duration: Duration) {
        counter(Labels(family: .live, endpoint: endpoint, deployment: deployment, statusCode: statusCode)).increment()
        histogram(Labels(family: .live, endpoint: endpoint, deployment: deployment)).record(duration)
        if !deployment.isEmpty {
            history.recordRequest(endpoint: endpoint, deployment: deployment, statusCode: statusCode, duration: duration)
        }
    }

    /// One mirrored copy answered by `deployment` (the mirror), its answer drained.
    func recordMirror(endpoint: String, deployment: String, statusCode: Int, duration: Duration) {
        counter(Labels(family: .mirror, endpoint: endpoint, deployment: deployment, statusCode: statusCode))
            .increment()
        histogram(Labels(family: .mirror, endpoint: endpoint, deployment: deployment)).record(duration)
        history.recordRequest(endpoint: endpoint, deployment: deployment, statusCode: statusCode, duration: duration)
    }

    /// One copy not sent because the mirror deployment had no free slot.
    func recordMirrorSkipped(endpoint: String, deployment: String) {
        counter(Labels(family: .mirrorSkipped, endpoint: endpoint, deployment: deployment)).increment()
    }

    /// The families in Prometheus text format.
    var text: String {
        registry.emitToString()
    }

    private func counter(_ labels: Labels) -> Counter {
        if let cached = counters.withLock({ $0[labels] }) { return cached }
        var pairs = [("endpoint", labels.endpoint), ("deployment", labels.deployment)]
        if let code = labels.statusCode { pairs.append(("status_code", String(code))) }
        let descriptor: MetricNameDescriptor
        switch labels.family {
        case .live:
            descriptor = MetricNameDescriptor(
                metricName: "flowgate_gateway_requests", unitName: "total",
                helpText: "Scoring requests answered by the gateway.")
        case .mirror:
            descriptor = MetricNameDescriptor(
                metricName: "flowgate_gateway_mirror_requests", unitName: "total",
                helpText: "Mirrored copies of scoring requests answered by the mirror deployment (answers dropped).")
        case .mirrorSkipped:
            descriptor = MetricNameDescriptor(
                metricName: "flowgate_gateway_mirror_skipped", unitName: "total",
                helpText: "Mirrored copies not sent because the mirror deployment had no free slot.")
        }
        let made = registry.makeCounter(descriptor: descriptor, labels: pairs)
        counters.withLock { $0[labels] = made }
        return made
    }

    private func histogram(_ labels: Labels) -> DurationHistogram {
        if let cached = histograms.withLock({ $0[labels] }) { return cached }
        let descriptor =
            labels.family == .live
            ? MetricNameDescriptor(
                metricName: "flowgate_gateway_request_duration", unitName: "seconds",
                helpText: "Time from a scoring request's arrival to the last byte of its answer.")
            : MetricNameDescriptor(
                metricName: "flowgate_gateway_mirror_request_duration", unitName: "seconds",
                helpText: "Time from a mirrored copy's start to the last byte of the mirror's answer.")
        let made = registry.makeDurationHistogram(
            descriptor: descriptor, labels: [("endpoint", labels.endpoint), ("deployment", labels.deployment)],
            buckets: Self.durationBuckets)
        histograms.withLock { $0[labels] = made }
        return made
    }
}
