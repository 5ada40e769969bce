import AsyncHTTPClient
import Foundation
import Testing
import Tracing

@testable import Telemetry

@Suite struct ServingTracerTests {
    private struct DictionaryExtractor: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    }

    private struct DictionaryInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
    }

    @Test func spansStartedInARequestsContextAreItsChildren() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let tracer = telemetry.tracer
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        struct Boom: Error {}
        ServiceContext.withValue(request.serviceContext) {
            tracer.withSpan("lookup", ofKind: .client) { span in
                span.attributes["db.rows"] = 3
                span.attributes["db.name"] = "vectors"
                span.recordError(Boom())
                span.setStatus(SpanStatus(code: .error, message: "no rows"))
                tracer.withSpan("inner") { _ in }
            }
        }
        request.finish(statusCode: 200, streaming: false, exception: nil)
        let spans = try #require(telemetry.store.trace(id: request.traceID))
        let lookup = try #require(spans.first(where: { $0.name == "lookup" }))
        let inner = try #require(spans.first(where: { $0.name == "inner" }))
        #expect(lookup.parentSpanID == request.spanID)
        #expect(lookup.kind == .client)
        #expect(inner.parentSpanID == lookup.spanID)
        #expect(lookup.attribute("db.rows") == .int(3))
        #expect(lookup.attribute("db.name") == .string("vectors"))
        #expect(lookup.status == .error("no rows"))
        #expect(lookup.events.first?.name == "exception")
        #expect(lookup.endUnixNano >= lookup.startUnixNano)
    }

    @Test func extractContinuesAValidTraceparentAndInjectWritesOne() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let tracer = telemetry.tracer
        var context = ServiceContext.topLevel
        tracer.extract(
            ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "rojo=1"],
            into: &context, using: DictionaryExtractor())
        let span = tracer.startSpan("job", context: context)
        var headers: [String: String] = [:]
        tracer.inject(span.context, into: &headers, using: DictionaryInjector())
        span.end()
        #expect(span.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(headers["traceparent"] == "00-4bf92f3577b34da6a3ce929d0e0e4736-\(span.spanID)-01")
        #expect(headers["tracestate"] == "rojo=1")
        let stored = try #require(telemetry.store.trace(id: span.traceID)?.first)
        #expect(stored.parentSpanID == "00f067aa0ba902b7")
        #expect(!span.isRecording)

        var rejected = ServiceContext.topLevel
        tracer.extract(["traceparent": "00-bad-00f067aa0ba902b7-01"], into: &rejected, using: DictionaryExtractor())
        let fresh = tracer.startSpan("job", context: rejected)
        fresh.end()
        #expect(fresh.traceID != "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(telemetry.store.trace(id: fresh.traceID)?.first?.parentSpanID == nil)
    }

    @Test func asyncHTTPClientCallsRecordClientSpansUnderTheRequest() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = telemetry.tracer
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        let status: UInt = try await ServiceContext.withValue(request.serviceContext) {
            var outgoing = HTTPClientRequest(url: base + "/v1/chat/completions")
            outgoing.method = .POST
            let response = try await client.execute(outgoing, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1024)
            return response.status.code
        }
        try await client.shutdown()
        try await collector.stop()
        request.finish(statusCode: 200, streaming: false, exception: nil)
        #expect(status == 200)
        let spans = try #require(telemetry.store.trace(id: request.traceID))
        let call = try #require(spans.first(where: { $0.kind == .client }))
        #expect(call.parentSpanID == request.spanID)
        #expect(call.name == "POST")
    }
}
