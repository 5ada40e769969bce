import AsyncHTTPClient
import FlowgateTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Platform
import ServiceLifecycle
import Testing

@testable import FlowgateServer

/// A real `flowgate server` (in this process, on a free loopback port, state in a temp directory) and an HTTP client
/// that talks to it over the socket as any caller would.
final class PlatformHarness: Sendable {
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: String

        /// The body as a JSON object (empty when it is not one).
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    let server: PlatformServer
    let group: ServiceGroup
    let runner: Task<Void, any Error>
    let directory: URL
    let base: String
    /// One of the test process's server slots (`ServerSlots`), held until `stop()`.
    private let slot: ServerSlots.Slot

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("examples/flows/\(name)").path
    }

    /// Starts a server on a fresh data directory (or `directory`) and waits until it accepts connections.
    init(directory: URL? = nil) async throws {
        slot = await ServerSlots.shared.acquire()
        let folder =
            directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-platform-\(UUID().uuidString)")
        self.directory = folder
        let server = try PlatformServer(
            configuration: PlatformServerConfiguration(
                port: 0, directory: DataDirectory(url: folder), shutdownGracePeriod: .seconds(10), logLevel: .warning))
        self.server = server
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = server.makeServiceGroup(signals: []) { port in continuation.yield(port) }
        self.group = group
        self.runner = Task { try await group.run() }
        for await _ in ready { break }
        // Port 0: the base URL names the port the server bound, known once it is ready.
        self.base = server.baseURL.absoluteString
    }

    /// Shuts the server down gracefully and removes its data directory.
    func stop(removing: Bool = true) async {
        await group.triggerGracefulShutdown()
        _ = await runner.result
        if removing { try? FileManager.default.removeItem(at: directory) }
        slot.release()
    }

    var adminKey: String { server.adminKey }

    /// Like `HTTPClient.shared` (never shut down) but with a 5 s connect timeout: the shared client retries a
    /// refused connection for its 90 s default, which would hide a server that is gone behind a long wait.
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(5))))

    /// One request; `key` goes into `Authorization: Bearer` (the admin key when `admin` is set).
    func call(
        _ method: HTTPMethod, _ path: String, json: String? = nil, key: String? = nil, admin: Bool = false,
        headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let bearer = admin ? adminKey : key { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await Self.client.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    /// Polls `GET path` (admin) until `provisioning_state` leaves Creating/Updating/Deleting; returns the last body.
    func settled(_ path: String, limit: Duration = .seconds(120)) async throws -> [String: Any] {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while true {
            let reply = try await call(.GET, path, admin: true)
            let state = reply.json["provisioning_state"] as? String ?? ""
            if !["Creating", "Updating", "Deleting"].contains(state) || clock.now > end { return reply.json }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Creates an endpoint and a deployment of `flow`, waits for it, and gives it all the traffic; returns the
    /// primary key.
    func deploy(
        endpoint: String, deployment: String = "blue", flow: String, extra: String = "", traffic: Bool = true
    ) async throws -> String {
        let created = try await call(.POST, "/api/v1/endpoints", json: #"{"name": "\#(endpoint)"}"#, admin: true)
        #expect(created.status == 202, "\(created.body)")
        let body = #"{"name": "\#(deployment)", "model": "\#(flow)"\#(extra)}"#
        let made = try await call(.POST, "/api/v1/endpoints/\(endpoint)/deployments", json: body, admin: true)
        #expect(made.status == 202, "\(made.body)")
        let state = try await settled("/api/v1/endpoints/\(endpoint)/deployments/\(deployment)")
        #expect(state["provisioning_state"] as? String == "Succeeded", "\(state)")
        if traffic {
            let patched = try await call(
                .PATCH, "/api/v1/endpoints/\(endpoint)", json: #"{"traffic": {"\#(deployment)": 100}}"#, admin: true)
            #expect(patched.status == 200, "\(patched.body)")
        }
        let credentials = try await call(.POST, "/api/v1/endpoints/\(endpoint)/get-credentials", admin: true)
        return credentials.json["primaryKey"] as? String ?? ""
    }
}
