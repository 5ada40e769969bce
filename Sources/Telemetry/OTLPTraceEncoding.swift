/// OTLP/HTTP's JSON encoding of spans (`ExportTraceServiceRequest`): one resource with `service.name`,
/// one scope, hex ids, Unix-nanosecond times and 64-bit integers as strings, enum values as numbers.
enum OTLPTraceEncoding {
    static let scopeName = "flowgate.telemetry"

    static func encode(_ spans: [SpanRecord], serviceName: String) -> String {
        var json = JSONText()
        json.beginObject()
        json.key("resourceSpans")
        json.beginArray()
        json.beginObject()
        json.key("resource")
        json.beginObject()
        json.key("attributes")
        attributes([("service.name", .string(serviceName))], into: &json)
        json.endObject()
        json.key("scopeSpans")
        json.beginArray()
        json.beginObject()
        json.key("scope")
        json.beginObject()
        json.field("name", scopeName)
        json.endObject()
        json.key("spans")
        json.beginArray()
        for span in spans { encode(span, into: &json) }
        json.endArray()
        json.endObject()
        json.endArray()
        json.endObject()
        json.endArray()
        json.endObject()
        return json.text
    }

    private static func encode(_ span: SpanRecord, into json: inout JSONText) {
        json.beginObject()
        json.field("traceId", span.traceID)
        json.field("spanId", span.spanID)
        if let parent = span.parentSpanID { json.field("parentSpanId", parent) }
        if let state = span.traceState { json.field("traceState", state) }
        json.field("name", span.name)
        json.field("kind", kindNumber(span.kind))
        json.field("startTimeUnixNano", String(span.startUnixNano))
        json.field("endTimeUnixNano", String(span.endUnixNano))
        json.key("attributes")
        attributes(span.attributes, into: &json)
        if !span.events.isEmpty {
            json.key("events")
            json.beginArray()
            for event in span.events {
                json.beginObject()
                json.field("timeUnixNano", String(event.timeUnixNano))
                json.field("name", event.name)
                json.key("attributes")
                attributes(event.attributes, into: &json)
                json.endObject()
            }
            json.endArray()
        }
        json.key("status")
        json.beginObject()
        switch span.status {
        case .unset:
            json.field("code", 0)
        case .ok:
            json.field("code", 1)
        case .error(let message):
            json.field("code", 2)
            json.field("message", message)
        }
        json.endObject()
        json.endObject()
    }

    static func attributes(_ attributes: [(String, SpanValue)], into json: inout JSONText) {
        json.beginArray()
        for (key, value) in attributes {
            json.beginObject()
            json.field("key", key)
            json.key("value")
            anyValue(value, into: &json)
            json.endObject()
        }
        json.endArray()
    }

    /// OTLP `AnyValue`.
    static func anyValue(_ value: SpanValue, into json: inout JSONText) {
        json.beginObject()
        switch value {
        case .string(let text): json.field("stringValue", text)
        case .int(let number): json.field("intValue", String(number))
        case .double(let number):
            json.key("doubleValue")
            json.double(number)
        case .bool(let flag):
            json.key("boolValue")
            json.bool(flag)
        case .array(let items):
            json.key("arrayValue")
            json.beginObject()
            json.key("values")
            json.beginArray()
            for item in items { anyValue(item, into: &json) }
            json.endArray()
            json.endObject()
        }
        json.endObject()
    }

    /// OTLP `SpanKind`: INTERNAL 1, SERVER 2, CLIENT 3.
    static func kindNumber(_ kind: SpanRecord.Kind) -> Int {
        switch kind {
        case .internal: return 1
        case .server: return 2
        case .client: return 3
        }
    }
}
