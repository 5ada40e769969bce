import Foundation
import Testing

@testable import Telemetry

@Suite struct TraceStoreTests {
    private func span(trace: String, name: String = "POST /score", start: UInt64 = 1_700_000_000_000_000_000)
        -> SpanRecord
    {
        SpanRecord(
            traceID: trace, spanID: TraceContext.newSpanID(), parentSpanID: nil, name: name, kind: .server,
            startUnixNano: start, endUnixNano: start + 1_500_000)
    }

    @Test func evictsTheOldestTraceBeyondCapacityAndListsNewestFirst() {
        let store = TraceStore(capacity: 3)
        for index in 1...5 { store.add([span(trace: "trace-\(index)")]) }
        #expect(store.count == 3)
        #expect(store.evictedCount == 2)
        #expect(store.recent(limit: 10).map { $0[0].traceID } == ["trace-5", "trace-4", "trace-3"])
        #expect(store.recent(limit: 2).map { $0[0].traceID } == ["trace-5", "trace-4"])
        #expect(store.trace(id: "trace-1") == nil)
        #expect(store.trace(id: "trace-3") != nil)
    }

    /// Thousands of evictions (the eviction list compacts itself many times on the way) keep the newest traces
    /// in order, and a late span of an evicted trace starts it again as the newest.
    @Test func longRunsOfEvictionsKeepTheNewestTracesInOrder() {
        let store = TraceStore(capacity: 7)
        for index in 0..<5_000 { store.add([span(trace: "t\(index)")]) }
        #expect(store.count == 7)
        #expect(store.evictedCount == 5_000 - 7)
        #expect(store.recent(limit: 100).map { $0[0].traceID } == (4_993..<5_000).reversed().map { "t\($0)" })
        #expect(store.trace(id: "t4992") == nil)
        store.add([span(trace: "t10", name: "promptflow-feedback")])
        #expect(store.recent(limit: 1).first?.map(\.name) == ["promptflow-feedback"])
        #expect(store.trace(id: "t4993") == nil)
        #expect(store.count == 7)
    }

    @Test func spansOfAKnownTraceJoinItWithoutEvictingOthers() {
        let store = TraceStore(capacity: 2)
        store.add([span(trace: "a")])
        store.add([span(trace: "b")])
        store.add([span(trace: "a", name: "promptflow-feedback")])
        #expect(store.count == 2)
        #expect(store.trace(id: "a")?.map(\.name) == ["POST /score", "promptflow-feedback"])
    }

    @Test func spansPerTraceAreBounded() {
        let store = TraceStore(capacity: 2)
        store.add((0..<(TraceStore.maxSpansPerTrace + 10)).map { _ in span(trace: "a") })
        #expect(store.trace(id: "a")?.count == TraceStore.maxSpansPerTrace)
    }

    @Test func concurrentWritersKeepTheBound() async {
        let store = TraceStore(capacity: 50)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in 0..<200 { store.add([self.span(trace: "w\(writer)-\(index)")]) }
                }
            }
        }
        #expect(store.count == 50)
        #expect(store.evictedCount == 8 * 200 - 50)
        #expect(store.recent(limit: 100).count == 50)
    }

    @Test func tracesJSONSummarisesEachTrace() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f", traceStoreCapacity: 5))
        let request = telemetry.startRequest(
            runID: "run-42", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        let start = Date()
        request.node(
            NodeSample(
                name: "chat", status: "Completed", start: start, end: start.addingTimeInterval(0.1), kind: "llm",
                model: "m", promptTokens: 5, completionTokens: 7))
        request.finish(statusCode: 200, streaming: false, exception: nil)

        let list = try JSONSerialization.jsonObject(with: Data(telemetry.tracesJSON(limit: 10).utf8)) as? [String: Any]
        let traces = try #require(list?["traces"] as? [[String: Any]])
        #expect(traces.count == 1)
        let summary = traces[0]
        #expect(summary["trace_id"] as? String == request.traceID)
        #expect(summary["name"] as? String == "POST /score")
        #expect(summary["run_id"] as? String == "run-42")
        #expect(summary["http_status"] as? Int == 200)
        #expect(summary["total_tokens"] as? Int == 12)
        #expect(summary["span_count"] as? Int == 3)
        #expect(summary["status"] as? String == "ok")
        #expect((summary["duration_ms"] as? Double ?? -1) >= 0)
        let started = try #require(summary["start_time"] as? String)
        #expect(started.hasSuffix("Z") && started.contains("T"))
    }

    @Test func traceJSONListsEverySpanWithParentsAttributesAndStatus() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        let start = Date()
        request.node(NodeSample(name: "n1", status: "Completed", start: start, end: start, kind: "python"))
        request.finish(statusCode: 200, streaming: false, exception: nil)
        #expect(telemetry.traceJSON(id: "0123456789abcdef0123456789abcdef") == nil)
        let json = try #require(telemetry.traceJSON(id: request.traceID))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let spans = try #require(object["spans"] as? [[String: Any]])
        #expect(spans.count == 2)
        let root = try #require(spans.first(where: { $0["name"] as? String == "POST /score" }))
        let node = try #require(spans.first(where: { $0["name"] as? String == "n1" }))
        #expect(root["parent_span_id"] is NSNull)
        #expect(node["parent_span_id"] as? String == root["span_id"] as? String)
        #expect(node["kind"] as? String == "internal")
        let attributes = try #require(node["attributes"] as? [String: Any])
        #expect(attributes["run_status"] as? String == "Completed")
        #expect((node["status"] as? [String: Any])?["code"] as? String == "ok")
        #expect(node["events"] as? [Any] != nil)
        #expect(node["start_time"] is String && node["end_time"] is String)
    }

    @Test func approximateBytesBoundTheStore() {
        let big = SpanRecord(
            traceID: "x", spanID: "1", parentSpanID: nil, name: "promptflow-feedback", kind: .internal,
            startUnixNano: 1, endUnixNano: 2, attributes: [("feedback", .string(String(repeating: "a", count: 10_000)))]
        )
        let store = TraceStore(capacity: 1000, maxBytes: 35_000)
        for index in 0..<10 {
            var span = big
            span.traceID = "t\(index)"
            store.add([span])
        }
        #expect(store.count == 3)
        #expect(store.byteCount <= 35_000)
        #expect(store.recent(limit: 10).map { $0[0].traceID } == ["t9", "t8", "t7"])
        // A span larger than the whole budget is not kept at all.
        var huge = big
        huge.attributes = [("feedback", .string(String(repeating: "b", count: 40_000)))]
        store.add([huge])
        #expect(store.trace(id: "x") == nil)
        #expect(store.count == 3)
    }
}
