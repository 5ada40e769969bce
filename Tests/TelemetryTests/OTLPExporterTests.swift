import Foundation
import Testing

@testable import Telemetry

@Suite struct OTLPExporterTests {
    private func span(_ name: String, attributes: [(String, SpanValue)] = []) -> SpanRecord {
        SpanRecord(
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: TraceContext.newSpanID(),
            parentSpanID: "00f067aa0ba902b7", traceState: "rojo=1", name: name, kind: .server,
            startUnixNano: 1_700_000_000_123_456_789, endUnixNano: 1_700_000_000_223_456_789, attributes: attributes,
            status: .error("boom"))
    }

    private func exporter(
        _ base: String, batchSize: Int = 512, queueCapacity: Int = 2048, timeout: Duration = .seconds(20)
    ) -> OTLPExporter {
        OTLPExporter(
            endpoint: base + "/v1/traces", headers: [("x-api-key", "k1"), ("tenant", "blue")],
            serviceName: "svc", queueCapacity: queueCapacity, batchSize: batchSize, interval: .milliseconds(20),
            timeout: timeout)
    }

    private func spans(in body: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let resourceSpans = try #require(object["resourceSpans"] as? [[String: Any]])
        let scopeSpans = try #require(resourceSpans.first?["scopeSpans"] as? [[String: Any]])
        return try #require(scopeSpans.first?["spans"] as? [[String: Any]])
    }

    @Test func payloadIsOTLPJSONWithHexIdsStringTimesAndTypedAttributes() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        let exporter = exporter(base)
        exporter.enqueue([
            span(
                "POST /score",
                attributes: [
                    ("s", .string("v")), ("i", .int(42)), ("d", .double(0.5)), ("b", .bool(true)),
                    ("a", .array([.string("x")])),
                ])
        ])
        await exporter.flush()
        let received = try await collector.waitForRequests(1)
        try await collector.stop()
        try #require(received.count == 1)
        let request = received[0]
        #expect(request.method == "POST")
        #expect(request.path == "/v1/traces")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("x-api-key") == "k1")
        #expect(request.header("tenant") == "blue")

        let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        let resource = try #require((object["resourceSpans"] as? [[String: Any]])?.first?["resource"] as? [String: Any])
        let resourceAttributes = try #require(resource["attributes"] as? [[String: Any]])
        #expect(resourceAttributes.first?["key"] as? String == "service.name")
        #expect((resourceAttributes.first?["value"] as? [String: Any])?["stringValue"] as? String == "svc")

        let spans = try spans(in: request.body)
        try #require(spans.count == 1)
        let span = spans[0]
        #expect(span["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect((span["spanId"] as? String)?.count == 16)
        #expect(span["parentSpanId"] as? String == "00f067aa0ba902b7")
        #expect(span["traceState"] as? String == "rojo=1")
        #expect(span["kind"] as? Int == 2)
        #expect(span["startTimeUnixNano"] as? String == "1700000000123456789")
        #expect(span["endTimeUnixNano"] as? String == "1700000000223456789")
        let status = try #require(span["status"] as? [String: Any])
        #expect(status["code"] as? Int == 2)
        #expect(status["message"] as? String == "boom")
        // Exact attribute encoding, as OTLP's JSON mapping writes it.
        #expect(
            request.body.contains(
                #""attributes":[{"key":"s","value":{"stringValue":"v"}},{"key":"i","value":{"intValue":"42"}},"#
                    + #"{"key":"d","value":{"doubleValue":0.5}},{"key":"b","value":{"boolValue":true}},"#
                    + #"{"key":"a","value":{"arrayValue":{"values":[{"stringValue":"x"}]}}}]"#))
        #expect(exporter.statistics == .init(exportedSpans: 1, droppedSpans: 0, failedSpans: 0, requests: 1))
    }

    @Test func flushSendsBatchesOfAtMostBatchSize() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        let exporter = exporter(base, batchSize: 2)
        exporter.enqueue((1...5).map { span("s\($0)") })
        await exporter.flush()
        let received = try await collector.waitForRequests(3)
        try await collector.stop()
        let batches = try received.map { try spans(in: $0.body).map { $0["name"] as? String ?? "" } }
        #expect(batches == [["s1", "s2"], ["s3", "s4"], ["s5"]])
        #expect(exporter.statistics.exportedSpans == 5)
        #expect(exporter.queuedCount == 0)
    }

    @Test func aFullQueueDropsTheOldestAndCountsThem() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        let exporter = exporter(base, queueCapacity: 3)
        exporter.enqueue((1...5).map { span("s\($0)") })
        #expect(exporter.queuedCount == 3)
        #expect(exporter.statistics.droppedSpans == 2)
        await exporter.flush()
        let received = try await collector.waitForRequests(1)
        try await collector.stop()
        #expect(
            try received.flatMap { try spans(in: $0.body).compactMap { $0["name"] as? String } } == ["s3", "s4", "s5"])
    }

    @Test func aRejectingCollectorCountsFailuresWithoutThrowing() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        collector.respond(with: .internalServerError)
        let exporter = exporter(base)
        exporter.enqueue([span("a"), span("b")])
        await exporter.flush()
        try await collector.stop()
        #expect(exporter.statistics == .init(exportedSpans: 0, droppedSpans: 0, failedSpans: 2, requests: 1))
    }

    @Test func anUnreachableCollectorCountsFailuresWithoutThrowing() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        try await collector.stop()  // the port is now closed
        let exporter = exporter(base, timeout: .seconds(1))
        exporter.enqueue([span("a")])
        await exporter.flush()
        #expect(exporter.statistics.failedSpans == 1)
        #expect(exporter.statistics.exportedSpans == 0)
    }

    @Test func servingTelemetryExportsFinishedRequestsFromItsBackgroundLoop() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        let configuration = try TelemetryConfiguration.fromEnvironment(
            flowName: "f",
            environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": base + "/", "OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer%20abc",
                "OTEL_SERVICE_NAME": "my-service",
            ])
        #expect(configuration.otlpEndpoint == base + "/v1/traces")
        var fast = configuration
        fast.exportInterval = .milliseconds(20)
        let telemetry = ServingTelemetry(configuration: fast)
        let loop = Task { try await telemetry.run() }
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        request.node(NodeSample(name: "n", status: "Completed", start: Date(), end: Date(), kind: "python"))
        request.finish(statusCode: 200, streaming: false, exception: nil)
        let received = try await collector.waitForRequests(1)
        loop.cancel()
        _ = try await loop.value
        await telemetry.shutdown()
        try await collector.stop()
        try #require(!received.isEmpty)
        #expect(received[0].header("authorization") == "Bearer abc")
        #expect(received[0].body.contains(#"{"key":"service.name","value":{"stringValue":"my-service"}}"#))
        let names = try received.flatMap { try spans(in: $0.body).compactMap { $0["name"] as? String } }
        #expect(names.sorted() == ["POST /score", "n"])
        let text = telemetry.metricsText()
        #expect(
            text.contains("# TYPE flowgate_otlp_dropped_spans_total counter\nflowgate_otlp_dropped_spans_total 0\n"))
        #expect(PrometheusText.value("flowgate_otlp_exported_spans_total", in: text) == 2)
        #expect(!ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f")).metricsText().contains("otlp"))
    }

    @Test func cancellingTheLoopFlushesWhatIsQueued() async throws {
        let collector = LoopbackCollector()
        let base = try await collector.start()
        let exporter = OTLPExporter(
            endpoint: base + "/v1/traces", headers: [], serviceName: "svc", queueCapacity: 10, batchSize: 10,
            interval: .seconds(3600), timeout: .seconds(20))
        let loop = Task { await exporter.run() }
        exporter.enqueue([span("late")])
        loop.cancel()
        await loop.value
        try await collector.stop()
        #expect(exporter.statistics.exportedSpans == 1)
    }

    @Test func tracesEndpointIsUsedAsIsAndHeadersNeedKeyValue() throws {
        let configuration = try TelemetryConfiguration.fromEnvironment(
            flowName: "f",
            environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:4318/custom",
            ])
        #expect(configuration.otlpEndpoint == "http://b:4318/custom")
        #expect(try TelemetryConfiguration.fromEnvironment(flowName: "f", environment: [:]).otlpEndpoint == nil)
        do {
            _ = try TelemetryConfiguration.fromEnvironment(
                flowName: "f", environment: ["OTEL_EXPORTER_OTLP_HEADERS": "api-key-without-value-s3cret"])
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("s3cret"))
        }
    }
}
