import Foundation
import Prometheus

/// promptflow's serving metrics (COMPAT §C) on a registry of their own: the names, instrument kinds,
/// dimensions, label values and histogram boundaries of promptflow's `MetricsRecorder`, in Prometheus text.
///
/// Label values follow promptflow's: `response_code` as a decimal string, `streaming` as Python's
/// `str(bool)` (`True`/`False`), an absent exception as the empty string. Common dimensions are added to every
/// metric and win over a built-in dimension of the same name, as `{FLOW_KEY: ..., **common_dimensions}` does.
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

    public init(flowName: String, commonDimensions: [(String, String)], registry: PrometheusCollectorRegistry) {
        self.flowName = flowName
        self.commonDimensions = commonDimensions
        self.registry = registry
    }

    /// Flow_Request: one per answered /score request.
    public func recordFlowRequest(responseCode: Int, exception: String?, streaming: Bool) {
        registry.makeCounter(
            descriptor: descriptor(.flowRequest, "Flow requests, by response code, streaming and innermost error code."),
            labels: labels([
                ("flow", flowName), ("response_code", String(responseCode)), ("exception", exception ?? ""),
                ("streaming", pythonBool(streaming)),
            ])).increment()
    }

    /// Flow_Latency in milliseconds for `response_type` default (whole response), firstbyte or lastbyte.
    public func recordFlowLatency(
        responseCode: Int, streaming: Bool, responseType: ResponseType, milliseconds: Double
    ) {
        registry.makeValueHistogram(
            descriptor: descriptor(.flowLatency, "Flow latency in milliseconds: default (whole response), firstbyte or lastbyte (streaming)."),
            labels: labels([
                ("flow", flowName), ("response_code", String(responseCode)), ("streaming", pythonBool(streaming)),
                ("response_type", responseType.rawValue),
            ]), buckets: ServingMetrics.latencyBuckets).record(milliseconds)
    }

    /// Flow_Streaming_Response_Duration: milliseconds between the first and the last byte of a streamed response.
    public func recordStreamingResponseDuration(milliseconds: Double) {
        registry.makeValueHistogram(
            descriptor: descriptor(.flowStreamingResponseDuration, "Milliseconds between the first and the last byte of a streaming response."),
            labels: labels([("flow", flowName)]), buckets: ServingMetrics.defaultBuckets).record(milliseconds)
    }

    /// Node_Latency (milliseconds), Node_Request and, for LLM nodes, Token_Consumption of one node run.
    public func recordNode(_ sample: NodeSample) {
        let milliseconds = max(0, sample.end.timeIntervalSince(sample.start)) * 1000
        registry.makeValueHistogram(
            descriptor: descriptor(.nodeLatency, "Node run latency in milliseconds."),
            labels: labels([("flow", flowName), ("node", sample.name), ("run_status", sample.status)]), buckets: ServingMetrics.latencyBuckets).record(milliseconds)
        for (tokenType, count) in [("prompt_tokens", sample.promptTokens), ("completion_tokens", sample.completionTokens)] {
            // promptflow records a token count only when it is present and non-zero.
            guard let count, count > 0 else { continue }
            registry.makeCounter(
            descriptor: descriptor(.tokenConsumption, "LLM tokens consumed, by node, engine and token type."),
            labels: labels([
                    ("flow", flowName), ("node", sample.name), ("llm_engine", sample.model ?? ""),
                    ("token_type", tokenType),
                ])).increment(by: Int64(count))
        }
        let exception: String = sample.status == "Completed" ? "" : (sample.error ?? "unknown")
        registry.makeCounter(
            descriptor: descriptor(.nodeRequest, "Node runs, by run status and innermost error code."),
            labels: labels([
                ("flow", flowName), ("node", sample.name), ("run_status", sample.status), ("exception", exception),
            ])).increment()
    }

    /// RPC_Latency (milliseconds) and RPC_Request of one remote call a node made (`api_call`, e.g. `openai_chat`).
    public func recordRemoteCall(node: String, apiCall: String, milliseconds: Double?, exception: String?) {
        if let milliseconds {
            registry.makeValueHistogram(
            descriptor: descriptor(.rpcLatency, "Remote API call latency in milliseconds, by node and call."),
            labels: labels([("flow", flowName), ("node", node), ("api_call", apiCall)]), buckets: ServingMetrics.latencyBuckets).record(milliseconds)
        }
        registry.makeCounter(
            descriptor: descriptor(.rpcRequest, "Remote API calls, by node, call and innermost error code."),
            labels: labels([
                ("flow", flowName), ("node", node), ("api_call", apiCall), ("exception", exception ?? ""),
            ])).increment()
    }

    /// A unitless name (promptflow's instruments declare no unit, so no suffix is added).
    private func descriptor(_ name: ServingMetricName, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name.rawValue, unitName: "", helpText: help)
    }

    /// Built-in dimensions then common ones; a common dimension replaces a built-in one of the same name.
    private func labels(_ builtIn: [(String, String)]) -> [(String, String)] {
        guard !commonDimensions.isEmpty else { return builtIn }
        var result = builtIn
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
