import HTTPTypes
import Hummingbird
import Platform
import Synchronization

/// A test double instance that reads the whole request body, remembers it, and answers it back with `status`
/// (200 unless told), so a test can see exactly which bytes each deployment was given.
final class EchoTestInstance: ScoringInstance {
    let id: String
    let status: HTTPResponse.Status
    private let log = Mutex<[String]>([])

    init(id: String, status: HTTPResponse.Status = .ok) {
        self.id = id
        self.status = status
    }

    /// The bodies received, in arrival order.
    var bodies: [String] { log.withLock { $0 } }

    func score(_ request: Request, requestID: String) async -> Response {
        let body = (try? await request.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
        log.withLock { $0.append(String(buffer: body)) }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    func swaggerJSON() async -> ByteBuffer {
        ByteBuffer(string: "{}")
    }
}
