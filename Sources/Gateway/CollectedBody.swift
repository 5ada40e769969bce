import HTTPTypes
import Hummingbird

/// Reads a response body the instance produced into memory, for the small JSON error bodies the gateway turns
/// into 424 answers; more than `limit` bytes is an error (the caller then answers without the body).
final class CollectedBody: ResponseBodyWriter {
    struct TooLarge: Error {}

    private(set) var buffer = ByteBuffer()
    private let limit: Int

    private init(limit: Int) {
        self.limit = limit
    }

    /// The bytes `body` writes, up to `limit`.
    static func collect(_ body: ResponseBody, limit: Int) async throws -> ByteBuffer {
        let collector = CollectedBody(limit: limit)
        try await body.write(collector)
        return collector.buffer
    }

    func write(_ part: ByteBuffer) async throws {
        guard buffer.readableBytes + part.readableBytes <= limit else { throw TooLarge() }
        var part = part
        buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
