import Tracing

/// A swift-distributed-tracing `Tracer` that records into one `ServingTelemetry` (its store and OTLP export), so
/// libraries instrumented with that API (AsyncHTTPClient's per-client `tracing.tracer`, for one) add their spans to
/// a request's trace. Nothing is bootstrapped globally: hand this tracer to the client that should use it.
///
/// Parents come from the task's `ServiceContext`: run work inside `ServiceContext.withValue(request.serviceContext)`
/// and spans started there hang under that request's span. `extract`/`inject` speak W3C `traceparent`/`tracestate`.
public struct ServingTracer: Tracer {
    public typealias Span = ServingSpan

    let telemetry: ServingTelemetry

    init(telemetry: ServingTelemetry) {
        self.telemetry = telemetry
    }

    /// The span identity a `ServiceContext` carries: this tracer's current span, or a remote parent after `extract`.
    public struct SpanIdentity: Sendable, Equatable {
        public var traceID: String
        public var spanID: String
        public var traceFlags: String
        public var traceState: String?
    }

    enum IdentityKey: ServiceContextKey {
        typealias Value = SpanIdentity
        static var nameOverride: String? { "flowgate-span" }
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> ServingSpan {
        var spanContext = context()
        let parent = spanContext[IdentityKey.self]
        let identity = SpanIdentity(
            traceID: parent?.traceID ?? TraceContext.newTraceID(), spanID: TraceContext.newSpanID(),
            traceFlags: parent?.traceFlags ?? "01", traceState: parent?.traceState)
        spanContext[IdentityKey.self] = identity
        return ServingSpan(
            telemetry: telemetry, operationName: operationName, kind: Self.kind(kind), identity: identity,
            parentSpanID: parent?.spanID, context: spanContext, startUnixNano: instant().nanosecondsSinceEpoch)
    }

    public func forceFlush() {}

    public func extract<Carrier, Extract>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract: Extractor, Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier),
            let parent = TraceContext.parseTraceparent(header)
        else { return }
        let state = extractor.extract(key: "tracestate", from: carrier)?.trimmingCharacters(in: .whitespaces)
        context[IdentityKey.self] = SpanIdentity(
            traceID: parent.traceID, spanID: parent.spanID, traceFlags: parent.flags,
            traceState: (state?.isEmpty ?? true) ? nil : state)
    }

    public func inject<Carrier, Inject>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject: Injector, Inject.Carrier == Carrier {
        guard let identity = context[IdentityKey.self] else { return }
        injector.inject(
            "00-\(identity.traceID)-\(identity.spanID)-\(identity.traceFlags)", forKey: "traceparent", into: &carrier)
        if let state = identity.traceState { injector.inject(state, forKey: "tracestate", into: &carrier) }
    }

    static func kind(_ kind: SpanKind) -> SpanRecord.Kind {
        switch kind {
        case .server: return .server
        case .client: return .client
        default: return .internal
        }
    }
}
