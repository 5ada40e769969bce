import Hummingbird

/// Collects a response body written by Hummingbird's `ResponseBody`.
final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    private(set) var buffer = ByteBuffer()

    var text: String { String(buffer: buffer) }

    func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.writeBuffer(&copy)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
