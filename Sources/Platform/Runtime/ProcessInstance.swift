import AsyncHTTPClient
import FlowServer
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// One replica of a deployment as a `flowgate flow serve` child process on a private loopback port: requests and
/// streams are proxied to it over pooled keep-alive connections, and a liveness loop restarts it when it dies or hangs.
public final class ProcessInstance: ProvisionedInstance {
    /// Where the child is in its life; requests reach it only when `ready`.
    enum Phase: Sendable, Equatable {
        case starting
        case ready(port: Int)
        case restarting(reason: String)
        case stopped
    }

    public let id: String
    let launch: ProcessLaunch
    let logger: Logger
    let client = ProcessInstance.loopback
    let phase = Mutex(Phase.starting)
    let child = Mutex<ProcessChild?>(nil)
    private let inFlight = Mutex(0)
    let restartCount = Mutex(0)
    let supervisor = Mutex<Task<Void, Never>?>(nil)

    init(id: String, launch: ProcessLaunch, logger: Logger) {
        self.id = id
        self.launch = launch
        self.logger = logger
    }

    /// Spawns the child and waits until it answers `/health`, then keeps it alive. Throws when it does not come up
    /// (the reason and the end of its output).
    static func start(id: String, launch: ProcessLaunch, logger: Logger) async throws -> ProcessInstance {
        let instance = ProcessInstance(id: id, launch: launch, logger: logger)
        let clock = ContinuousClock()
        let began = clock.now
        do {
            try await instance.spawnUntilReady()
        } catch {
            instance.stop()
            throw error
        }
        logger.info(
            "process instance ready",
            metadata: ["port": "\(instance.port ?? 0)", "startup": "\(clock.now - began)"])
        instance.supervisor.withLock { $0 = Task { await instance.superviseLiveness() } }
        return instance
    }

    /// The child's port while it is ready.
    var port: Int? {
        if case .ready(let port) = phase.withLock({ $0 }) { return port }
        return nil
    }

    /// Whether the child is up and takes requests (not starting, restarting or stopped).
    public var isServing: Bool { port != nil }
    /// A child that is down or restarting takes no new requests (see `ScoringInstance`).
    public var isAcceptingRequests: Bool { isServing }

    /// Restarts of the child since the instance started.
    public var restarts: Int { restartCount.withLock { $0 } }

    /// The child's process id, while one runs.
    public var childProcessID: Int32? { child.withLock { $0?.isRunning == true ? $0?.pid : nil } }

    /// The running child (its Python workers are its descendants).
    public var ownedProcessIDs: [Int32] { childProcessID.map { [$0] } ?? [] }

    public func score(_ request: Request, requestID: String) async -> Response {
        guard let port else { return unavailable() }
        inFlight.withLock { $0 += 1 }
        var leaving = true
        defer { if leaving { leave() } }
        var outbound = HTTPClientRequest(url: "http://127.0.0.1:\(port)/score")
        outbound.method = .POST
        if let query = request.uri.query, !query.isEmpty { outbound.url += "?" + query }
        for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        outbound.headers.replaceOrAdd(name: "x-request-id", value: requestID)
        do {
            let body = try await request.body.collect(upTo: 64 << 20)
            outbound.body = .bytes(body)
            let answer = try await client.execute(outbound, deadline: .now() + launch.requestDeadline)
            var headers = HTTPFields()
            for (name, value) in answer.headers where !Self.hopByHop.contains(name.lowercased()) {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
            let status = HTTPResponse.Status(code: Int(answer.status.code))
            if let length = answer.headers.first(name: "content-length").flatMap(Int.init) {
                let bytes = try await answer.body.collect(upTo: max(length, 1))
                headers[.contentLength] = String(bytes.readableBytes)
                return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: bytes))
            }
            // A stream (server-sent events, chunked JSON lines): passed through as it arrives.
            leaving = false
            let stream = answer.body
            return Response(
                status: status, headers: headers,
                body: ResponseBody { writer in
                    defer { self.leave() }
                    for try await chunk in stream { try await writer.write(chunk) }
                    try await writer.finish(nil)
                })
        } catch {
            let exited = child.withLock { $0?.exitReason }
            if let exited {
                // Stop sending requests to a dead child now; the liveness loop restarts it.
                phase.withLock { phase in
                    if case .ready = phase { phase = .restarting(reason: exited) }
                }
            }
            let reason = exited ?? "\(error)"
            return ErrorResponse(
                status: .badGateway, code: "InstanceFailed", message: "instance \(id) failed: \(reason)"
            ).response
        }
    }

    /// 503 with why the child is not serving.
    private func unavailable() -> Response {
        let message: String
        switch phase.withLock({ $0 }) {
        case .restarting(let reason): message = "instance \(id) is restarting: \(reason)"
        case .stopped: message = "instance \(id) is stopped"
        case .starting, .ready: message = "instance \(id) is starting"
        }
        return ErrorResponse(status: .serviceUnavailable, code: "InstanceUnavailable", message: message).response
    }

    private func leave() {
        inFlight.withLock { $0 -= 1 }
    }

    /// The pooled keep-alive client every process instance proxies over. Unlike `HTTPClient.shared` it gives up on
    /// a refused connection after a second (a dead child), instead of retrying for the default 90 s.
    static let loopback = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(
            timeout: .init(connect: .seconds(1)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))

    /// Headers one connection's: not forwarded in either direction.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade", "te", "trailer",
        "proxy-connection",
    ]

    public func swaggerJSON() async -> ByteBuffer {
        guard let port else { return ByteBuffer(string: "{}") }
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/swagger.json")
        guard let answer = try? await client.execute(request, deadline: .now() + .seconds(10)),
            answer.status == .ok, let body = try? await answer.body.collect(upTo: 8 << 20)
        else { return ByteBuffer(string: "{}") }
        return body
    }

    /// Requests being answered now (streamed answers count until their last byte).
    public var requestsInFlight: Int { inFlight.withLock { $0 } }

    public func isHealthy(timeout: Duration) async -> Bool {
        guard let port else { return false }
        return await Self.health(port: port, timeout: timeout, client: client)
    }

    /// `GET /health` answered 200 within `timeout`.
    static func health(port: Int, timeout: Duration, client: HTTPClient) async -> Bool {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
        let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000
        guard let answer = try? await client.execute(request, deadline: .now() + .nanoseconds(nanoseconds)) else {
            return false
        }
        _ = try? await answer.body.collect(upTo: 1 << 20)
        return answer.status == .ok
    }

    func drain(limit: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while requestsInFlight > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the liveness loop and the child: SIGTERM, then SIGKILL after the grace.
    public func stop() {
        phase.withLock { $0 = .stopped }
        supervisor.withLock { $0 }?.cancel()
        guard let running = child.withLock({ $0 }) else { return }
        let grace = launch.stopGrace
        Task { await running.terminate(grace: grace) }
    }

    /// Whether `stop()` was called.
    public var isStopped: Bool { phase.withLock { $0 } == .stopped }
}
