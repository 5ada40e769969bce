import Testing

@testable import Telemetry

@Suite struct FeedbackTests {
    static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func feedbackIsASpanInTheCallersTraceWithTheBodyAsAttribute() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let body = #"{"feedback": "good", "rating": 5}"#
        let span = telemetry.recordFeedback(
            body: body, flatten: false, traceparent: Self.traceparent, tracestate: "rojo=1", baggage: "user=alice")
        #expect(span.name == "promptflow-feedback")
        #expect(span.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span.parentSpanID == "00f067aa0ba902b7")
        #expect(span.traceState == "rojo=1")
        #expect(span.attribute("feedback") == .string(body))
        #expect(span.attribute("user") == .string("alice"))
        #expect(telemetry.store.trace(id: "4bf92f3577b34da6a3ce929d0e0e4736")?.count == 1)
    }

    @Test func feedbackJoinsATraceTheServerRecorded() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        request.finish(statusCode: 200, streaming: false, exception: nil)
        let feedback = telemetry.recordFeedback(
            body: "thumbs up", flatten: false, traceparent: request.traceparent, tracestate: nil, baggage: nil)
        #expect(feedback.parentSpanID == request.spanID)
        let spans = try #require(telemetry.store.trace(id: request.traceID))
        #expect(spans.map(\.name).sorted() == ["POST /score", "promptflow-feedback"])
        #expect(telemetry.store.count == 1)
    }

    @Test func flattenMakesEachTopLevelKeyAnAttribute() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let span = telemetry.recordFeedback(
            body:
                #"{"label": "good", "score": 4, "ratio": 0.5, "ok": true, "tags": ["a", "b"], "meta": {"b": 1, "a": "é"}, "none": null}"#,
            flatten: true, traceparent: nil, tracestate: nil, baggage: nil)
        #expect(span.attribute("feedback") == nil)
        #expect(span.attribute("label") == .string("good"))
        #expect(span.attribute("score") == .int(4))
        #expect(span.attribute("ratio") == .double(0.5))
        #expect(span.attribute("ok") == .bool(true))
        #expect(span.attribute("tags") == .array([.string("a"), .string("b")]))
        // Python's json.dumps: spaced separators, non-ASCII escaped.
        #expect(span.attribute("meta") == .string(#"{"a": "\u00e9", "b": 1}"#))
        #expect(span.attribute("none") == .string("null"))
        #expect(span.parentSpanID == nil)
    }

    @Test func flattenFallsBackToOneAttributeWhenTheBodyIsNotAnObject() {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        for body in ["not json", "[1, 2]", "\"text\""] {
            let span = telemetry.recordFeedback(
                body: body, flatten: true, traceparent: nil, tracestate: nil, baggage: nil)
            #expect(span.attribute("feedback") == .string(body))
        }
    }

    @Test func longFeedbackIsCutAtTheAttributeLengthLimit() throws {
        var configuration = try TelemetryConfiguration.fromEnvironment(
            flowName: "f", environment: ["OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "10"])
        #expect(configuration.attributeValueLengthLimit == 10)
        configuration.traceStoreCapacity = 2
        let telemetry = ServingTelemetry(configuration: configuration)
        let span = telemetry.recordFeedback(
            body: String(repeating: "x", count: 100), flatten: false, traceparent: nil, tracestate: nil,
            baggage: "k=\(String(repeating: "y", count: 50))")
        #expect(span.attribute("feedback") == .string(String(repeating: "x", count: 10)))
        #expect(span.attribute("k") == .string(String(repeating: "y", count: 10)))
    }
}
