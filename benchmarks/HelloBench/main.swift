import Foundation
import Hummingbird
import Logging

// The ceiling for the serving benchmark: a bare Hummingbird 2 server with no flow behind it.
// `HelloBench [PORT]`: `GET /health` answers a fixed JSON body, `POST /score` echoes a small JSON object
// back after decoding it, which is the least any scoring server must do.
let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8080
let router = Router()
router.get("/health") { _, _ -> Response in
    Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: #"{"status": "Healthy"}"#)))
}
router.post("/score") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 16 << 20)
    let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    let data = try JSONSerialization.data(withJSONObject: ["output": object["text"] ?? NSNull()])
    return Response(
        status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
}
var logger = Logger(label: "HelloBench")
logger.logLevel = .warning
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
try await app.runService()
