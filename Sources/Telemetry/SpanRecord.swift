/// One finished span: identity within its trace, timing in Unix nanoseconds, attributes in the order
/// they were set, events and status. Traces in the store and OTLP export are lists of these.
public struct SpanRecord: Sendable, Equatable {
    /// OTLP span kinds Flowgate produces.
    public enum Kind: String, Sendable {
        case server, `internal`, client
    }

    /// OTLP status: unset, ok, or error with a message.
    public enum Status: Sendable, Equatable {
        case unset
        case ok
        case error(String)
    }

    /// A timestamped event on a span (an exception, for instance).
    public struct Event: Sendable, Equatable {
        public var name: String
        public var timeUnixNano: UInt64
        public var attributes: [(String, SpanValue)]

        public init(name: String, timeUnixNano: UInt64, attributes: [(String, SpanValue)] = []) {
            self.name = name
            self.timeUnixNano = timeUnixNano
            self.attributes = attributes
        }

        public static func == (lhs: Event, rhs: Event) -> Bool {
            lhs.name == rhs.name && lhs.timeUnixNano == rhs.timeUnixNano
                && lhs.attributes.elementsEqual(rhs.attributes, by: { $0.0 == $1.0 && $0.1 == $1.1 })
        }
    }

    public var traceID: String
    public var spanID: String
    public var parentSpanID: String?
    public var traceState: String?
    public var name: String
    public var kind: Kind
    public var startUnixNano: UInt64
    public var endUnixNano: UInt64
    public var attributes: [(String, SpanValue)]
    public var events: [Event]
    public var status: Status

    public init(
        traceID: String, spanID: String, parentSpanID: String?, traceState: String? = nil, name: String,
        kind: Kind, startUnixNano: UInt64, endUnixNano: UInt64, attributes: [(String, SpanValue)] = [],
        events: [Event] = [], status: Status = .unset
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.traceState = traceState
        self.name = name
        self.kind = kind
        self.startUnixNano = startUnixNano
        self.endUnixNano = endUnixNano
        self.attributes = attributes
        self.events = events
        self.status = status
    }

    /// The last value set for `key`, if any.
    public func attribute(_ key: String) -> SpanValue? {
        attributes.last(where: { $0.0 == key })?.1
    }

    /// Sets `key`, replacing an earlier value in place.
    public mutating func setAttribute(_ key: String, _ value: SpanValue) {
        if let index = attributes.firstIndex(where: { $0.0 == key }) {
            attributes[index].1 = value
        } else {
            attributes.append((key, value))
        }
    }

    public static func == (lhs: SpanRecord, rhs: SpanRecord) -> Bool {
        lhs.traceID == rhs.traceID && lhs.spanID == rhs.spanID && lhs.parentSpanID == rhs.parentSpanID
            && lhs.traceState == rhs.traceState && lhs.name == rhs.name && lhs.kind == rhs.kind
            && lhs.startUnixNano == rhs.startUnixNano && lhs.endUnixNano == rhs.endUnixNano
            && lhs.attributes.elementsEqual(rhs.attributes, by: { $0.0 == $1.0 && $0.1 == $1.1 })
            && lhs.events == rhs.events && lhs.status == rhs.status
    }
}
