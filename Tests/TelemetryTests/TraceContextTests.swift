import Testing

@testable import Telemetry

@Suite struct TraceContextTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parent = "00f067aa0ba902b7"

    @Test func continuesAValidTraceparentAndKeepsTracestate() {
        let context = TraceContext(
            traceparent: "00-\(Self.traceID)-\(Self.parent)-01", tracestate: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
            baggage: nil)
        #expect(context.traceID == Self.traceID)
        #expect(context.parentSpanID == Self.parent)
        #expect(context.traceFlags == "01")
        #expect(context.traceState == "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
        #expect(context.traceparent(spanID: "b7ad6b7169203331") == "00-\(Self.traceID)-b7ad6b7169203331-01")
    }

    @Test func aFutureVersionIsReadAsVersionZero() {
        let context = TraceContext(
            traceparent: "cc-\(Self.traceID)-\(Self.parent)-01-what-the-future-adds", tracestate: nil, baggage: nil)
        #expect(context.traceID == Self.traceID)
        #expect(context.parentSpanID == Self.parent)
    }

    @Test(arguments: [
        "",
        "garbage",
        "00-\(traceID)-\(parent)",
        "00-\(traceID.uppercased())-\(parent)-01",
        "00-00000000000000000000000000000000-\(parent)-01",
        "00-\(traceID)-0000000000000000-01",
        "00-\(traceID.dropLast())-\(parent)-01",
        "00-\(traceID)-\(parent)0-01",
        "ff-\(traceID)-\(parent)-01",
        "00-\(traceID)-\(parent)-01-extra",
        "00-\(traceID)-\(parent)-1",
        "0g-\(traceID)-\(parent)-01",
    ])
    func aMalformedTraceparentStartsANewTrace(header: String) {
        let context = TraceContext(traceparent: header, tracestate: "rojo=1", baggage: nil)
        #expect(context.parentSpanID == nil)
        #expect(context.traceID != Self.traceID)
        #expect(context.traceID.count == 32)
        // tracestate belongs to the rejected parent, so it goes too.
        #expect(context.traceState == nil)
    }

    @Test func baggageEntriesArePercentDecodedWithoutProperties() {
        let context = TraceContext(
            traceparent: nil, tracestate: nil, baggage: "userId=alice, session=a%20b;prop=1 ,=nokey,novalue")
        #expect(
            context.baggage == [
                .init(key: "userId", value: "alice"), .init(key: "session", value: "a b"),
            ])
    }

    @Test func idsAreRandomLowercaseHexOfTheRightLength() {
        var traces = Set<String>()
        var spans = Set<String>()
        for _ in 0..<1000 {
            traces.insert(TraceContext.newTraceID())
            spans.insert(TraceContext.newSpanID())
        }
        #expect(traces.count == 1000)
        #expect(spans.count == 1000)
        let hex = Set("0123456789abcdef")
        #expect(traces.allSatisfy { $0.count == 32 && $0.allSatisfy(hex.contains) })
        #expect(spans.allSatisfy { $0.count == 16 && $0.allSatisfy(hex.contains) })
    }
}
