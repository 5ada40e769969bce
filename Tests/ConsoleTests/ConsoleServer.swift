import AsyncHTTPClient
import FlowgateTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Platform
import ServiceLifecycle
import Testing

@testable import FlowgateServer

/// A real `flowgate server` in process on a free port with a fresh data directory, plus the few management calls
/// the console tests need to set up endpoints (the console itself is what the tests drive).
final class ConsoleServer: Sendable {
    let server: PlatformServer
    let base: String
    let directory: URL
    private let group: ServiceGroup
    private let runner: Task<Void, any Error>
    /// One of the test process's server slots (`ServerSlots`), held until `stop()`.
    private let slot: ServerSlots.Slot

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init() async throws {
        slot = await ServerSlots.shared.acquire()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-console-\(UUID().uuidString)")
        directory = folder
        server = try PlatformServer(
            configuration: PlatformServerConfiguration(
                port: 0, directory: DataDirectory(url: folder), shutdownGracePeriod: .seconds(10), logLevel: .warning))
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = server.makeServiceGroup(signals: []) { port in continuation.yield(port) }
        self.group = group
        runner = Task { try await group.run() }
        for await _ in ready { break }
        base = server.baseURL.absoluteString
    }

    /// Runs `body` with a started server and stops it (removing its data directory) afterwards, also on a throw.
    static func with(_ body: (ConsoleServer) async throws -> Void) async throws {
        let server = try await ConsoleServer()
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    var adminKey: String { server.adminKey }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await runner.result
        try? FileManager.default.removeItem(at: directory)
        slot.release()
    }

    /// One management API call as the admin; answers status and body text.
    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(adminKey)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Creates `endpoint` with deployment `blue` of `flow` (an absolute folder), waits for Succeeded (generous
    /// deadline), routes all traffic to it, and answers the endpoint's primary key.
    func deploy(endpoint: String, flow: String, extra: String = "") async throws -> String {
        let made = try await call(.POST, "/api/v1/endpoints", json: #"{"name": "\#(endpoint)"}"#)
        #expect(made.status == 202, "\(made.body)")
        let deployed = try await call(
            .POST, "/api/v1/endpoints/\(endpoint)/deployments", json: #"{"name": "blue", "model": "\#(flow)"\#(extra)}"#
        )
        #expect(deployed.status == 202, "\(deployed.body)")
        let deadline = ContinuousClock.now + .seconds(240)
        while ContinuousClock.now < deadline {
            let state = try await call(.GET, "/api/v1/endpoints/\(endpoint)/deployments/blue").body
            if state.contains(#""provisioning_state":"Succeeded""#) { break }
            if state.contains(#""provisioning_state":"Failed""#) { Issue.record("deployment failed: \(state)"); break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let traffic = try await call(.PATCH, "/api/v1/endpoints/\(endpoint)", json: #"{"traffic": {"blue": 100}}"#)
        #expect(traffic.status == 200, "\(traffic.body)")
        let keys = try await call(.POST, "/api/v1/endpoints/\(endpoint)/get-credentials").body
        let object = try JSONSerialization.jsonObject(with: Data(keys.utf8)) as? [String: Any]
        return try #require(object?["primaryKey"] as? String)
    }

    /// A copy of an example flow whose requirements install nothing (no network in tests).
    static func example(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("console-flow-\(UUID().uuidString)")
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("examples/flows/\(name)"), to: folder)
        let requirements = folder.appendingPathComponent("requirements.txt")
        if FileManager.default.fileExists(atPath: requirements.path) {
            try Data("# nothing to install\n".utf8).write(to: requirements)
        }
        return folder
    }
}
