import HTTPTypes
import Hummingbird
import Platform
import Synchronization

/// A test double instance that answers every request with the same status and body at once and remembers
/// what it was given (request ids, whether an `Authorization` header reached it).
final class FixedAnswerTestInstance: ScoringInstance {
    struct Received: Sendable {
        var requestID: String
        var authorization: String?
    }

    let id: String
    let status: HTTPResponse.Status
    let body: String
    private let log = Mutex<[Received]>([])

    init(id: String, status: HTTPResponse.Status = .ok, body: String = #"{"answer":"fixed"}"#) {
        self.id = id
        self.status = status
        self.body = body
    }

    var received: [Received] { log.withLock { $0 } }

    func score(_ request: Request, requestID: String) async -> Response {
        log.withLock { $0.append(Received(requestID: requestID, authorization: request.headers[.authorization])) }
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func swaggerJSON() async -> ByteBuffer {
        ByteBuffer(string: #"{"swagger":"\#(id)"}"#)
    }
}
