import Hummingbird

/// Test support only: collects a response body written by Hummingbird's `ResponseBody`, for tests that call a
/// scoring instance in process instead of over a socket.
public final class TestBodyCollector: ResponseBodyWriter, @unchecked Sendable {
    /// The bytes written so far.
    public private(set) var buffer = ByteBuffer()

    /// The bytes written so far as UTF-8 text.
    public var text: String { String(buffer: buffer) }

    public init() {}

    public func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.writeBuffer(&copy)
    }

    public func finish(_ trailingHeaders: HTTPFields?) async throws {}

    /// `response`'s status code and its whole body as text.
    public static func statusAndText(of response: Response) async throws -> (Int, String) {
        let collector = TestBodyCollector()
        try await response.body.write(collector)
        return (Int(response.status.code), collector.text)
    }
}
