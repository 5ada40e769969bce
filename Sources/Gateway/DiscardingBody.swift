import HTTPTypes
import Hummingbird

/// Reads a response body to its end and drops it, counting the bytes: how a mirrored answer is consumed (the
/// instance's stream must be drained so its slot and run finish normally).
final class DiscardingBody: ResponseBodyWriter {
    private(set) var byteCount = 0

    /// Writes `body` into nothing; returns how many bytes it had.
    static func drain(_ body: ResponseBody) async throws -> Int {
        let writer = DiscardingBody()
        try await body.write(writer)
        return writer.byteCount
    }

    func write(_ part: ByteBuffer) async throws {
        byteCount += part.readableBytes
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
