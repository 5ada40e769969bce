import LLM
import Testing

/// SSE decoding of the shapes real servers send: LF, CRLF, CR, split chunks, comments, multi-line data.
@Suite struct ServerSentEventDecoderTests {
    func decode(_ chunks: [String]) -> [ServerSentEvent] {
        var decoder = ServerSentEventDecoder()
        var events: [ServerSentEvent] = []
        for chunk in chunks { events += decoder.feed(Array(chunk.utf8)) }
        return events + decoder.finish()
    }

    @Test func dataLinesWithLFAndCRLFAndCR() {
        #expect(decode(["data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: [DONE]\n\n"]).map(\.data) == ["a", "b", "c", "[DONE]"])
    }

    @Test func eventsSplitAnywhereAcrossChunks() {
        let text = "data: {\"x\": 1}\r\n\r\ndata: {\"y\": 2}\r\n\r\n"
        let whole = decode([text])
        for cut in 1..<text.utf8.count {
            let bytes = Array(text.utf8)
            let first = String(decoding: bytes[..<cut], as: UTF8.self)
            let second = String(decoding: bytes[cut...], as: UTF8.self)
            #expect(decode([first, second]) == whole, "cut at \(cut)")
        }
        #expect(whole.map(\.data) == ["{\"x\": 1}", "{\"y\": 2}"])
    }

    @Test func commentsFieldsAndMultiLineData() {
        let events = decode([": keep-alive\n\nevent: delta\nid: 7\ndata: line one\ndata:line two\nretry: 5\n\n"])
        #expect(events == [ServerSentEvent(event: "delta", data: "line one\nline two", id: "7")])
    }

    @Test func aBlankLineWithoutDataDispatchesNothing() {
        #expect(decode(["\n\n: comment\n\n"]).isEmpty)
    }

    @Test func aLastEventWithoutTheClosingBlankLineIsDelivered() {
        #expect(decode(["data: a\n\ndata: tail"]).map(\.data) == ["a", "tail"])
    }

    @Test func onlyOneSpaceAfterTheColonIsRemoved() {
        #expect(decode(["data:  two spaces\n\n"]).map(\.data) == [" two spaces"])
    }
}
