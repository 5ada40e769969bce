import Foundation
import Logging
import Prometheus

/// Telemetry of one served flow: promptflow's serving metrics and process metrics in Prometheus text,
/// spans per request, node and LLM call kept in a bounded store and exported over OTLP/HTTP when configured.
///
/// Every instance has its own registry and store (no global bootstrap), so tests and several servers in one
/// process never share state.
public final class ServingTelemetry: Sendable {
    public let configuration: TelemetryConfiguration
    public let metrics: ServingMetrics
    public let store: TraceStore
    /// Nil without an OTLP endpoint.
    public let exporter: OTLPExporter?
    /// The per-minute history this telemetry's LLM tokens go into (shared like the registry); recorded only when
    /// the common dimensions name an `endpoint` and a `deployment`.
    public let history: MetricsHistory
    let historyKey: (endpoint: String, deployment: String)?
    private let processMetrics = ProcessMetrics()
    private let logger: Logger

    public convenience init(
        configuration: TelemetryConfiguration, logger: Logger = Logger(label: "flowgate.telemetry")
    ) {
        self.init(
            configuration: configuration, registry: PrometheusCollectorRegistry(), history: MetricsHistory(),
            logger: logger)
    }

    /// A telemetry whose metrics go into `shared`'s registry, so several flows served in one process share one
    /// `/metrics` (`shared.metricsText()`); spans, the trace store and the exporter stay its own.
    public convenience init(
        configuration: TelemetryConfiguration, sharingMetricsWith shared: ServingTelemetry,
        logger: Logger = Logger(label: "flowgate.telemetry")
    ) {
        self.init(
            configuration: configuration, registry: shared.metrics.registry, history: shared.history, logger: logger)
    }

    private init(
        configuration: TelemetryConfiguration, registry: PrometheusCollectorRegistry, history: MetricsHistory,
        logger: Logger
    ) {
        self.configuration = configuration
        self.history = history
        let dimensions = Dictionary(configuration.commonDimensions, uniquingKeysWith: { $1 })
        if let endpoint = dimensions["endpoint"], let deployment = dimensions["deployment"] {
            self.historyKey = (endpoint, deployment)
        } else {
            self.historyKey = nil
        }
        self.logger = logger
        self.metrics = ServingMetrics(
            flowName: configuration.flowName, commonDimensions: configuration.commonDimensions,
            registry: registry)
        self.store = TraceStore(
            capacity: configuration.traceStoreCapacity, maxBytes: configuration.traceStoreMaxBytes)
        self.exporter = configuration.otlpEndpoint.map { endpoint in
            OTLPExporter(
                endpoint: endpoint, headers: configuration.otlpHeaders, serviceName: configuration.serviceName,
                queueCapacity: configuration.exportQueueCapacity, batchSize: configuration.exportBatchSize,
                interval: configuration.exportInterval, timeout: configuration.exportTimeout, logger: logger)
        }
    }

    /// Call when a /score request arrives (after routing). Continues the caller's W3C trace when `traceparent`
    /// is valid; a missing or malformed one starts a new trace.
    public func startRequest(
        runID: String, method: String, path: String, traceparent: String?, tracestate: String?, baggage: String?
    ) -> RequestTelemetry {
        RequestTelemetry(
            telemetry: self, runID: runID, method: method, path: path,
            context: TraceContext(traceparent: traceparent, tracestate: tracestate, baggage: baggage))
    }

    /// Prometheus text exposition: the serving metrics, the process metrics, and with an OTLP endpoint the
    /// exporter's span counters (`flowgate_otlp_{exported,dropped,failed}_spans_total`).
    public func metricsText() -> String {
        var text = metrics.registry.emitToString() + processMetrics.text()
        if let statistics = exporter?.statistics {
            for (name, help, value) in [
                (
                    "flowgate_otlp_exported_spans_total", "Spans accepted by the OTLP collector.",
                    statistics.exportedSpans
                ),
                (
                    "flowgate_otlp_dropped_spans_total", "Spans dropped because the export queue was full.",
                    statistics.droppedSpans
                ),
                (
                    "flowgate_otlp_failed_spans_total", "Spans whose export failed or was rejected.",
                    statistics.failedSpans
                ),
            ] {
                text += "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
            }
        }
        return text
    }

    /// The Content-Type of `metricsText()`.
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Recent traces, newest first, as `{"traces": [...]}` (for GET /traces).
    public func tracesJSON(limit: Int) -> String {
        TraceJSON.list(store.recent(limit: limit).map(TraceSummary.init(spans:)))
    }

    /// One trace with all its spans (GET /traces/{id}); nil when unknown, which the server answers with 404.
    public func traceJSON(id: String) -> String? {
        store.trace(id: id).map(TraceJSON.trace)
    }

    /// Records a `promptflow-feedback` span in the caller's trace, as promptflow's /feedback does: the body in
    /// the `feedback` attribute, or with `flatten` each top-level key of a JSON object as its own attribute
    /// (non-scalar values as JSON text; a body that is not a JSON object falls back to `feedback`); baggage
    /// entries as attributes.
    @discardableResult
    public func recordFeedback(
        body: String, flatten: Bool, traceparent: String?, tracestate: String?, baggage: String?
    ) -> SpanRecord {
        let context = TraceContext(traceparent: traceparent, tracestate: tracestate, baggage: baggage)
        let now = Clock.unixNanos()
        var span = SpanRecord(
            traceID: context.traceID, spanID: TraceContext.newSpanID(), parentSpanID: context.parentSpanID,
            traceState: context.traceState, name: "promptflow-feedback", kind: .internal, startUnixNano: now,
            endUnixNano: now)
        let limit = configuration.attributeValueLengthLimit
        if flatten, let pairs = FeedbackAttributes.flattened(body) {
            for (key, value) in pairs { span.setAttribute(key, value.truncated(to: limit)) }
        } else {
            span.setAttribute(SpanAttributeName.feedback, SpanValue.string(body).truncated(to: limit))
        }
        for entry in context.baggage {
            span.setAttribute(entry.key, SpanValue.string(entry.value).truncated(to: limit))
        }
        span.endUnixNano = Clock.unixNanos()
        record([span])
        return span
    }

    /// Background OTLP batch export until the task is cancelled (returns at once without an endpoint).
    public func run() async throws {
        guard let exporter else { return }
        await exporter.run()
    }

    /// Sends what is queued for export.
    public func shutdown() async {
        await exporter?.flush()
    }

    /// One structured line per request: ids, status, latency; never inputs, outputs or headers.
    func logFinished(
        runID: String, traceID: String, method: String, path: String, statusCode: Int, streaming: Bool,
        exception: String?, milliseconds: Double
    ) {
        guard let level = configuration.requestLogLevel else { return }
        var metadata: Logger.Metadata = [
            "request_id": "\(runID)", "trace_id": "\(traceID)", "method": "\(method)", "path": "\(path)",
            "status": "\(statusCode)", "latency_ms": "\((milliseconds * 1000).rounded() / 1000)",
            "streaming": "\(streaming)",
        ]
        if let exception { metadata["error_code"] = "\(exception)" }
        logger.log(level: level, "request finished", metadata: metadata)
    }

    /// A swift-distributed-tracing `Tracer` recording into this telemetry (for AsyncHTTPClient's `tracing.tracer`,
    /// or any library instrumented with that API); never bootstrapped globally.
    public var tracer: ServingTracer { ServingTracer(telemetry: self) }

    /// Stores finished spans and queues them for export.
    func record(_ spans: [SpanRecord]) {
        store.add(spans)
        exporter?.enqueue(spans)
    }
}
