import HTTPTypes
import Hummingbird
import NIOCore

extension Request {
    /// Test support only: `POST /score` with `json` as its body, as the gateway hands a request to a scoring
    /// instance in process.
    public static func testScore(json: String) -> Request {
        Request(
            head: HTTPRequest(
                method: .post, scheme: "http", authority: "127.0.0.1", path: "/score",
                headerFields: [.contentType: "application/json"]),
            body: RequestBody(buffer: ByteBuffer(string: json)))
    }
}
