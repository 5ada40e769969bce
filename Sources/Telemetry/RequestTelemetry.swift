import Foundation
import Synchronization
import Tracing

/// The telemetry of one /score request: its server span (continuing the caller's trace), node and LLM call
/// child spans, and promptflow's request metrics when it finishes. Safe to call from any task.
///
/// Nothing of the request body, its answer or a node's inputs and output is recorded unless
/// `TelemetryConfiguration.recordInputs` is set; no header other than the trace context ones ever reaches a span.
public final class RequestTelemetry: Sendable {
    public let runID: String
    public let context: TraceContext
    /// The request span's id (children hang under it; a downstream `traceparent` would carry it).
    public let spanID: String
    public var traceID: String { context.traceID }
    /// `traceparent` for calls made on behalf of this request.
    public var traceparent: String { context.traceparent(spanID: spanID) }

    /// A `ServiceContext` whose current span is this request's: spans a `ServingTracer` starts inside
    /// `ServiceContext.withValue(request.serviceContext) { ... }` become its children.
    public var serviceContext: ServiceContext {
        var serviceContext = ServiceContext.topLevel
        serviceContext[ServingTracer.IdentityKey.self] = ServingTracer.SpanIdentity(
            traceID: context.traceID, spanID: spanID, traceFlags: context.traceFlags, traceState: context.traceState)
        return serviceContext
    }

    private let telemetry: ServingTelemetry
    private let method: String
    private let path: String
    private let startUnixNano: UInt64
    private let startInstant: ContinuousClock.Instant
    private let state = Mutex(State())

    private struct State {
        var firstByte: ContinuousClock.Instant?
        var spans: [SpanRecord] = []
        var inputs: String?
        var output: String?
        var finished = false
    }

    init(telemetry: ServingTelemetry, runID: String, method: String, path: String, context: TraceContext) {
        self.telemetry = telemetry
        self.runID = runID
        self.method = method
        self.path = path
        self.context = context
        self.spanID = TraceContext.newSpanID()
        self.startUnixNano = Clock.unixNanos()
        self.startInstant = ContinuousClock.now
    }

    /// The response head or first SSE event was written; only the first call counts.
    public func firstByte() {
        let now = ContinuousClock.now
        state.withLock { state in
            if state.firstByte == nil { state.firstByte = now }
        }
    }

    /// Records the request's inputs (JSON text) on its span, only when the configuration enables it.
    public func inputs(json: String) {
        guard telemetry.configuration.recordInputs else { return }
        state.withLock { $0.inputs = json }
    }

    /// Whether inputs and outputs are recorded (callers skip rendering them as JSON when not).
    public var recordsInputs: Bool { telemetry.configuration.recordInputs }

    /// The longest attribute value kept (longer recorded inputs and outputs are cut to it).
    public var recordLimit: Int { telemetry.configuration.attributeValueLengthLimit }

    /// Records the request's answer (JSON text) on its span, only when the configuration records inputs.
    public func output(json: String) {
        guard telemetry.configuration.recordInputs else { return }
        state.withLock { $0.output = json }
    }

    /// One node run: a node span (and an LLM call span under it for LLM nodes), Node_Latency, Node_Request,
    /// Token_Consumption, and for LLM calls RPC_Latency and RPC_Request with `api_call` `openai_chat`.
    public func node(_ sample: NodeSample) {
        let metrics = telemetry.metrics
        metrics.recordNode(sample)
        if let key = telemetry.historyKey {
            telemetry.history.recordTokens(
                endpoint: key.endpoint, deployment: key.deployment, prompt: sample.promptTokens ?? 0,
                completion: sample.completionTokens ?? 0)
        }
        let start = Clock.unixNanos(sample.start)
        let end = max(start, Clock.unixNanos(sample.end))
        let failed = sample.status == "Failed"
        let status: SpanRecord.Status =
            failed ? .error(sample.error ?? "Failed") : (sample.status == "Completed" ? .ok : .unset)
        var nodeSpan = SpanRecord(
            traceID: traceID, spanID: TraceContext.newSpanID(), parentSpanID: spanID, traceState: context.traceState,
            name: sample.name, kind: .internal, startUnixNano: start, endUnixNano: end,
            attributes: [
                (SpanAttributeName.spanType, .string("Function")), (SpanAttributeName.framework, .string("promptflow")),
                (SpanAttributeName.runID, .string(runID)), (SpanAttributeName.nodeName, .string(sample.name)),
                (SpanAttributeName.nodeKind, .string(sample.kind)),
                (SpanAttributeName.runStatus, .string(sample.status)),
            ],
            status: status)
        if let error = sample.error, failed { nodeSpan.setAttribute(SpanAttributeName.errorType, .string(error)) }
        if telemetry.configuration.recordInputs {
            let limit = telemetry.configuration.attributeValueLengthLimit
            if let inputs = sample.inputs {
                nodeSpan.setAttribute(SpanAttributeName.inputs, SpanValue.string(inputs).truncated(to: limit))
            }
            if let output = sample.output {
                nodeSpan.setAttribute(SpanAttributeName.output, SpanValue.string(output).truncated(to: limit))
            }
        }
        var spans = [nodeSpan]
        if let model = sample.model {
            let milliseconds = Double(end - start) / 1_000_000
            metrics.recordRemoteCall(
                node: sample.name, apiCall: LLMCall.apiCall, milliseconds: milliseconds,
                exception: failed ? (sample.error ?? "unknown") : nil)
            spans.append(LLMCall.span(for: sample, model: model, parent: nodeSpan, status: status))
        }
        state.withLock { state in
            guard !state.finished else { return }
            state.spans.append(contentsOf: spans)
        }
    }

    /// Ends the request: Flow_Request; Flow_Latency `default` (not streaming) or `firstbyte` and `lastbyte` plus
    /// Flow_Streaming_Response_Duration (streaming); ends the request span, stores and exports the trace.
    /// `exception` is the error code (`UserError`, `SystemError`, ...) when the request failed. Later calls are ignored.
    public func finish(statusCode: Int, streaming: Bool, exception: String?) {
        let now = ContinuousClock.now
        let endUnixNano = Clock.unixNanos()
        guard
            let (firstByte, children, inputs, output) = state.withLock({
                state -> (ContinuousClock.Instant?, [SpanRecord], String?, String?)? in
                guard !state.finished else { return nil }
                state.finished = true
                defer { state.spans = [] }
                return (state.firstByte, state.spans, state.inputs, state.output)
            })
        else { return }

        let metrics = telemetry.metrics
        metrics.recordFlowRequest(responseCode: statusCode, exception: exception, streaming: streaming)
        if streaming {
            if let firstByte {
                metrics.recordFlowLatency(
                    responseCode: statusCode, streaming: true, responseType: .firstByte,
                    milliseconds: Self.milliseconds(firstByte - startInstant))
                metrics.recordStreamingResponseDuration(milliseconds: Self.milliseconds(now - firstByte))
            }
            metrics.recordFlowLatency(
                responseCode: statusCode, streaming: true, responseType: .lastByte,
                milliseconds: Self.milliseconds(now - startInstant))
        } else {
            metrics.recordFlowLatency(
                responseCode: statusCode, streaming: false, responseType: .default,
                milliseconds: Self.milliseconds(now - startInstant))
        }

        var attributes: [(String, SpanValue)] = [
            (SpanAttributeName.spanType, .string("Flow")), (SpanAttributeName.framework, .string("promptflow")),
            (SpanAttributeName.flowName, .string(telemetry.configuration.flowName)),
            (SpanAttributeName.runID, .string(runID)), (SpanAttributeName.httpMethod, .string(method)),
            (SpanAttributeName.urlPath, .string(path)), (SpanAttributeName.httpStatus, .int(statusCode)),
            (SpanAttributeName.streaming, .bool(streaming)),
        ]
        attributes.reserveCapacity(attributes.count + 3 + context.baggage.count)
        let limit = telemetry.configuration.attributeValueLengthLimit
        if let inputs { attributes.append((SpanAttributeName.inputs, SpanValue.string(inputs).truncated(to: limit))) }
        if let output { attributes.append((SpanAttributeName.output, SpanValue.string(output).truncated(to: limit))) }
        let tokens = children.reduce(0) { sum, child in
            guard child.kind == .client, case .int(let total)? = child.attribute(SpanAttributeName.totalTokens) else {
                return sum
            }
            return sum + total
        }
        if tokens > 0 { attributes.append((SpanAttributeName.totalTokens, .int(tokens))) }
        var span = SpanRecord(
            traceID: traceID, spanID: spanID, parentSpanID: context.parentSpanID, traceState: context.traceState,
            name: method + " " + path, kind: .server, startUnixNano: startUnixNano,
            endUnixNano: max(startUnixNano, endUnixNano), attributes: attributes)
        // Baggage never replaces what the server itself records.
        for entry in context.baggage where span.attribute(entry.key) == nil {
            span.attributes.append((entry.key, SpanValue.string(entry.value).truncated(to: limit)))
        }
        if let exception { span.setAttribute(SpanAttributeName.errorType, .string(exception)) }
        // OpenTelemetry's HTTP server rule: 5xx is an error of this span, 4xx is the caller's.
        span.status = statusCode >= 500 ? .error(exception ?? "HTTP \(statusCode)") : (statusCode < 400 ? .ok : .unset)
        telemetry.record(children + [span])
        telemetry.logFinished(
            runID: runID, traceID: traceID, method: method, path: path, statusCode: statusCode, streaming: streaming,
            exception: exception, milliseconds: Self.milliseconds(now - startInstant))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
