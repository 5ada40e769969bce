import Hummingbird

/// Reads a `ResponseBody` into one buffer (test side), for comparing an instance's own bytes with the gateway's.
final class ResponseText: ResponseBodyWriter {
    private var buffer = ByteBuffer()

    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let writer = ResponseText()
        try await body.write(writer)
        return writer.buffer
    }

    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
