import Foundation
import Prometheus
import Synchronization

/// promptflow's serving metrics (COMPAT §C) on a registry of their own: the names, instrument kinds,
/// dimensions, label values and histogram boundaries of promptflow's `MetricsRecorder`, in Prometheus text.
///
/// Label values follow promptflow's: `response_code` as a decimal string, `streaming` as Python's
/// `str(bool)` (`True`/`False`), an absent exception as the empty string. Common dimensions are added to every
/// metric and win over a built-in dimension of the same name, as `{FLOW_KEY: ..., **common_dimensions}` does.
/// Each label set's counter or histogram is looked up once and then cached (the registry's own lookup validates
/// names and help text on every call, which is most of its cost on the request path).
public final class ServingMetrics: Sendable {
    /// promptflow's `HISTOGRAM_BOUNDARIES` (milliseconds), used by Flow_Latency, Node_Latency and RPC_Latency.
    public static let latencyBuckets: [Double] = [
        1, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000, 25000, 50000, 75000, 100000,
        300000,
    ]
    /// OpenTelemetry's default boundaries: promptflow defines a view for Flow_Streaming_Response_Duration
    /// but does not register it, so that histogram keeps the SDK's defaults.
    public static let defaultBuckets: [Double] = [
        0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
    ]

    public let registry: PrometheusCollectorRegistry
    public let flowName: String
    public let commonDimensions: [(String, String)]

    private struct HandleKey: Hashable {
        var metric: ServingMetricName
        /// The values of the metric's own dimensions after `flow` (flow and common dimensions never change).
        var values: [String]
    }

    private let counters = Mutex<[HandleKey: Counter]>([:])
    private let histograms = Mutex<[HandleKey: ValueHistogram]>([:])

    public init(flowName: String, commonDimensions: [(String, String)], registry: PrometheusCollectorRegistry) {
        self.flowName = flowName
        self.commonDimensions = commonDimensions
        self.registry = registry
    }

    /// Flow_Request: one per answered /score request.
    public func recordFlowRequest(responseCode: Int, exception: String?, streaming: Bool) {
        counter(.flowRequest, [String(responseCode), exception ?? "", pythonBool(streaming)]).increment()
    }

    /// Flow_Latency in milliseconds for `response_type` default (whole response), firstbyte or lastbyte.
    public func recordFlowLatency(
        responseCode: Int, streaming: Bool, responseType: ResponseType, milliseconds: Double
    ) {
        histogram(.flowLatency, [String(responseCode), pythonBool(streaming), responseType.rawValue])
            .record(milliseconds)
    }

    /// Flow_Streaming_Response_Duration: milliseconds between the first and the last byte of a streamed response.
    public func recordStreamingResponseDuration(milliseconds: Double) {
        histogram(.flowStreamingResponseDuration, []).record(milliseconds)
    }

    /// Node_Latency (milliseconds), Node_Request and, for LLM nodes, Token_Consumption of one node run.
    public func recordNode(_ sample: NodeSample) {
        let milliseconds = max(0, sample.end.timeIntervalSince(sample.start)) * 1000
        histogram(.nodeLatency, [sample.name, sample.status]).record(milliseconds)
        // promptflow records a token count only when it is present and non-zero.
        if let count = sample.promptTokens, count > 0 {
            counter(.tokenConsumption, [sample.name, sample.model ?? "", "prompt_tokens"]).increment(by: Int64(count))
        }
        if let count = sample.completionTokens, count > 0 {
            counter(.tokenConsumption, [sample.name, sample.model ?? "", "completion_tokens"])
                .increment(by: Int64(count))
        }
        let exception: String = sample.status == "Completed" ? "" : (sample.error ?? "unknown")
        counter(.nodeRequest, [sample.name, sample.status, exception]).increment()
    }

    /// RPC_Latency (milliseconds) and RPC_Request of one remote call a node made (`api_call`, e.g. `openai_chat`).
    public func recordRemoteCall(node: String, apiCall: String, milliseconds: Double?, exception: String?) {
        if let milliseconds {
            histogram(.rpcLatency, [node, apiCall]).record(milliseconds)
        }
        counter(.rpcRequest, [node, apiCall, exception ?? ""]).increment()
    }

    private func counter(_ metric: ServingMetricName, _ values: [String]) -> Counter {
        let key = HandleKey(metric: metric, values: values)
        if let cached = counters.withLock({ $0[key] }) { return cached }
        let made = registry.makeCounter(descriptor: descriptor(metric), labels: labels(metric, values))
        counters.withLock { $0[key] = made }
        return made
    }

    private func histogram(_ metric: ServingMetricName, _ values: [String]) -> ValueHistogram {
        let key = HandleKey(metric: metric, values: values)
        if let cached = histograms.withLock({ $0[key] }) { return cached }
        let buckets = metric == .flowStreamingResponseDuration ? Self.defaultBuckets : Self.latencyBuckets
        let made = registry.makeValueHistogram(
            descriptor: descriptor(metric), labels: labels(metric, values), buckets: buckets)
        histograms.withLock { $0[key] = made }
        return made
    }

    /// A unitless name (promptflow's instruments declare no unit, so no suffix is added).
    private func descriptor(_ metric: ServingMetricName) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: metric.rawValue, unitName: "", helpText: metric.help)
    }

    /// `flow`, the metric's other dimensions, then common ones; a common dimension replaces a built-in one.
    private func labels(_ metric: ServingMetricName, _ values: [String]) -> [(String, String)] {
        var result = Array(zip(metric.dimensions, [flowName] + values))
        for (key, value) in commonDimensions {
            if let index = result.firstIndex(where: { $0.0 == key }) {
                result[index].1 = value
            } else {
                result.append((key, value))
            }
        }
        return result
    }

    private func pythonBool(_ value: Bool) -> String { value ? "True" : "False" }
}
