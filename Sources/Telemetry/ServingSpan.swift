import Synchronization
import Tracing

/// A span started by `ServingTracer`: mutable until `end`, then recorded once as a `SpanRecord` in the telemetry's
/// store and export queue. Attribute strings are cut at the configured length limit.
public final class ServingSpan: Tracing.Span {
    public let context: ServiceContext
    private let telemetry: ServingTelemetry
    private let kind: SpanRecord.Kind
    private let identity: ServingTracer.SpanIdentity
    private let parentSpanID: String?
    private let startUnixNano: UInt64
    private let state: Mutex<State>

    private struct State {
        var operationName: String
        var attributes = SpanAttributes()
        var events: [SpanRecord.Event] = []
        var status: SpanRecord.Status = .unset
        var ended = false
    }

    init(
        telemetry: ServingTelemetry, operationName: String, kind: SpanRecord.Kind,
        identity: ServingTracer.SpanIdentity, parentSpanID: String?, context: ServiceContext, startUnixNano: UInt64
    ) {
        self.telemetry = telemetry
        self.kind = kind
        self.identity = identity
        self.parentSpanID = parentSpanID
        self.context = context
        self.startUnixNano = startUnixNano
        self.state = Mutex(State(operationName: operationName))
    }

    public var traceID: String { identity.traceID }
    public var spanID: String { identity.spanID }

    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { if !$0.ended { $0.operationName = newValue } } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { if !$0.ended { $0.attributes = newValue } } }
    }

    public var isRecording: Bool { state.withLock { !$0.ended } }

    public func setStatus(_ status: SpanStatus) {
        state.withLock { state in
            guard !state.ended else { return }
            switch status.code {
            case .ok: state.status = .ok
            case .error: state.status = .error(status.message ?? "")
            }
        }
    }

    public func addEvent(_ event: SpanEvent) {
        let converted = SpanRecord.Event(
            name: event.name, timeUnixNano: event.nanosecondsSinceEpoch, attributes: values(event.attributes))
        state.withLock { if !$0.ended { $0.events.append(converted) } }
    }

    public func recordError<Instant: TracerInstant>(
        _ error: Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant
    ) {
        let limit = telemetry.configuration.attributeValueLengthLimit
        var eventAttributes: [(String, SpanValue)] = [
            ("exception.type", .string(String(describing: type(of: error)))),
            ("exception.message", SpanValue.string(String(describing: error)).truncated(to: limit)),
        ]
        eventAttributes.append(contentsOf: values(attributes))
        let event = SpanRecord.Event(
            name: "exception", timeUnixNano: instant().nanosecondsSinceEpoch, attributes: eventAttributes)
        state.withLock { if !$0.ended { $0.events.append(event) } }
    }

    /// Links are not kept by Flowgate's span model.
    public func addLink(_ link: SpanLink) {}

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let endUnixNano = instant().nanosecondsSinceEpoch
        guard
            let finished = state.withLock({ state -> State? in
                guard !state.ended else { return nil }
                state.ended = true
                return state
            })
        else { return }
        let record = SpanRecord(
            traceID: identity.traceID, spanID: identity.spanID, parentSpanID: parentSpanID,
            traceState: identity.traceState, name: finished.operationName, kind: kind, startUnixNano: startUnixNano,
            endUnixNano: max(startUnixNano, endUnixNano), attributes: values(finished.attributes),
            events: finished.events, status: finished.status)
        telemetry.record([record])
    }

    private func values(_ attributes: SpanAttributes) -> [(String, SpanValue)] {
        let limit = telemetry.configuration.attributeValueLengthLimit
        var result: [(String, SpanValue)] = []
        attributes.forEach { key, attribute in
            result.append((key, Self.value(attribute).truncated(to: limit)))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    static func value(_ attribute: SpanAttribute) -> SpanValue {
        switch attribute {
        case .int32(let value): return .int(Int(value))
        case .int64(let value): return .int(Int(value))
        case .double(let value): return .double(value)
        case .bool(let value): return .bool(value)
        case .string(let value): return .string(value)
        case .int32Array(let values): return .array(values.map { .int(Int($0)) })
        case .int64Array(let values): return .array(values.map { .int(Int($0)) })
        case .doubleArray(let values): return .array(values.map { .double($0) })
        case .boolArray(let values): return .array(values.map { .bool($0) })
        case .stringArray(let values): return .array(values.map { .string($0) })
        case .stringConvertible(let value): return .string(value.description)
        case .stringConvertibleArray(let values): return .array(values.map { .string($0.description) })
        default: return .string("\(attribute)")
        }
    }
}
