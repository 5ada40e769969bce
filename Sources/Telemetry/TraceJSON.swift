import Foundation

/// The JSON of GET /traces (summaries, newest first) and GET /traces/{id} (every span with its parent,
/// times, attributes, events and status); times are ISO 8601 UTC with milliseconds, durations in milliseconds.
enum TraceJSON {
    static func list(_ summaries: [TraceSummary]) -> String {
        var json = JSONText()
        json.beginObject()
        json.key("traces")
        json.beginArray()
        for summary in summaries {
            json.beginObject()
            json.field("trace_id", summary.traceID)
            json.field("name", summary.name)
            json.field("start_time", isoTime(summary.startUnixNano))
            json.key("duration_ms")
            json.double(milliseconds(summary.durationNanos))
            json.field("status", summary.status)
            json.field("run_id", summary.runID)
            json.field("http_status", summary.httpStatus)
            json.field("total_tokens", summary.totalTokens)
            json.field("span_count", summary.spanCount)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }

    static func trace(_ spans: [SpanRecord]) -> String {
        let summary = TraceSummary(spans: spans)
        var json = JSONText()
        json.beginObject()
        json.field("trace_id", summary.traceID)
        json.field("name", summary.name)
        json.field("start_time", isoTime(summary.startUnixNano))
        json.key("duration_ms")
        json.double(milliseconds(summary.durationNanos))
        json.field("status", summary.status)
        json.field("run_id", summary.runID)
        json.field("http_status", summary.httpStatus)
        json.field("total_tokens", summary.totalTokens)
        json.key("spans")
        json.beginArray()
        for span in spans.sorted(by: { $0.startUnixNano < $1.startUnixNano }) {
            json.beginObject()
            json.field("span_id", span.spanID)
            json.field("parent_span_id", span.parentSpanID)
            json.field("name", span.name)
            json.field("kind", span.kind.rawValue)
            json.field("start_time", isoTime(span.startUnixNano))
            json.field("end_time", isoTime(span.endUnixNano))
            json.key("duration_ms")
            json.double(
                milliseconds(span.endUnixNano >= span.startUnixNano ? span.endUnixNano - span.startUnixNano : 0))
            json.key("attributes")
            attributes(span.attributes, into: &json)
            json.key("events")
            json.beginArray()
            for event in span.events {
                json.beginObject()
                json.field("name", event.name)
                json.field("time", isoTime(event.timeUnixNano))
                json.key("attributes")
                attributes(event.attributes, into: &json)
                json.endObject()
            }
            json.endArray()
            json.key("status")
            json.beginObject()
            switch span.status {
            case .unset: json.field("code", "unset")
            case .ok: json.field("code", "ok")
            case .error(let message):
                json.field("code", "error")
                json.field("message", message)
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }

    private static func attributes(_ attributes: [(String, SpanValue)], into json: inout JSONText) {
        json.beginObject()
        for (key, value) in attributes {
            json.key(key)
            write(value, into: &json)
        }
        json.endObject()
    }

    private static func write(_ value: SpanValue, into json: inout JSONText) {
        switch value {
        case .string(let text): json.string(text)
        case .int(let number): json.int(number)
        case .double(let number): json.double(number)
        case .bool(let flag): json.bool(flag)
        case .array(let items):
            json.beginArray()
            for item in items { write(item, into: &json) }
            json.endArray()
        }
    }

    static func milliseconds(_ nanos: UInt64) -> Double {
        (Double(nanos) / 1000).rounded() / 1000
    }

    static func isoTime(_ unixNano: UInt64) -> String {
        let date = Date(timeIntervalSince1970: Double(unixNano / 1_000_000) / 1000)
        return date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}
