import FlowSpec
import Hummingbird

/// promptflow's SSE framing: `data: <json>\n\n` with Python's `json.dumps` layout; the first event holds the
/// non-streamed outputs (when there are any), then one `{"<field>": "<chunk>"}` event per chunk.
struct EventStreamBody: Sendable {
    /// The outputs that are not streamed.
    var first: FlowObject
    /// The streamed output's name.
    var field: String

    static let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8"]

    /// The first event, or nil when every output is streamed.
    func firstEvent() -> ByteBuffer? {
        guard !first.isEmpty else { return nil }
        var out: [UInt8] = Array("data: ".utf8)
        FlowValue.object(first).writeJSON(.python, into: &out)
        out.append(contentsOf: "\n\n".utf8)
        return ByteBuffer(bytes: out)
    }

    /// `data: {"<field>": ` — the part every chunk event shares.
    func chunkPrefix() -> [UInt8] {
        Array("data: {\(FlowValue.jsonString(field, style: .python)): ".utf8)
    }

    /// One chunk's event.
    static func chunkEvent(prefix: [UInt8], chunk: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(prefix.count + chunk.utf8.count + 8)
        buffer.writeBytes(prefix)
        buffer.writeString(FlowValue.jsonString(chunk, style: .python))
        buffer.writeStaticString("}\n\n")
        return buffer
    }
}
