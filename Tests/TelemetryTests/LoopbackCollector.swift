import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real OTLP/HTTP collector on 127.0.0.1 for exporter tests: records every request (path, headers, body)
/// and answers with the status the test chose.
final class LoopbackCollector: Sendable {
    struct Received: Sendable {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
        }
    }

    private let received = Mutex<[Received]>([])
    private let status = Mutex<HTTPResponseStatus>(.ok)
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: Mutex<Channel?> = Mutex(nil)

    /// Starts listening on an ephemeral port and returns the base URL (`http://127.0.0.1:<port>`).
    func start() async throws -> String {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(collector: self))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        self.channel.withLock { $0 = channel }
        return "http://127.0.0.1:\(channel.localAddress!.port!)"
    }

    func stop() async throws {
        let channel = self.channel.withLock { $0 }
        try await channel?.close()
        try await group.shutdownGracefully()
    }

    var requests: [Received] { received.withLock { $0 } }

    func respond(with status: HTTPResponseStatus) { self.status.withLock { $0 = status } }

    /// Waits until at least `count` requests arrived (a generous deadline; the test fails on timeout).
    func waitForRequests(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = requests
            if current.count >= count { return current }
            try await Task.sleep(for: .milliseconds(20))
        }
        return requests
    }

    fileprivate func record(_ request: Received) -> HTTPResponseStatus {
        received.withLock { $0.append(request) }
        return status.withLock { $0 }
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let collector: LoopbackCollector
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(collector: LoopbackCollector) { self.collector = collector }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                let status = collector.record(
                    Received(
                        method: head.method.rawValue, path: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                        body: String(buffer: body)))
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: "2")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                    promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "{}")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
