import AsyncHTTPClient
import Foundation
import NIOCore
import Platform
import Testing

@testable import FlowgateServer

/// With port 0 the kernel picks the port when the server binds, and the base URL callers are given (scoring URIs,
/// `server.json`) names that port; a configured public URL stays as configured.
@Suite struct BoundBaseURLTests {
    @Test func portZeroNamesTheBoundPortInTheBaseURLServerFileAndScoringURIs() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-bound-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try PlatformServer(
            configuration: PlatformServerConfiguration(
                port: 0, directory: DataDirectory(url: folder), shutdownGracePeriod: .seconds(10), logLevel: .warning))
        #expect(!server.controlPlane.configuration.baseURL.isSet)
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = server.makeServiceGroup(signals: []) { port in continuation.yield(port) }
        let runner = Task { try await group.run() }
        defer { runner.cancel() }
        var bound = 0
        for await port in ready {
            bound = port
            break
        }
        #expect(bound > 0)
        #expect(server.controlPlane.configuration.baseURL.isSet)
        #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(bound)")
        #expect(ServerInfoFile(directory: DataDirectory(url: folder)).serverURL() == server.baseURL)

        // The management API builds scoring URIs from it.
        var request = HTTPClientRequest(url: server.baseURL.absoluteString + "/api/v1/endpoints")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(server.adminKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"name": "bound"}"#))
        let created = try await PlatformHarness.client.execute(request, timeout: .seconds(60))
        let body = try await created.body.collect(upTo: 1 << 20)
        #expect(created.status.code == 202, "\(String(buffer: body))")
        let json = try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any]
        #expect(json?["scoring_uri"] as? String == "http://127.0.0.1:\(bound)/endpoints/bound/score")
        await group.triggerGracefulShutdown()
        _ = await runner.result
    }

    @Test func aPublicURLStaysAsConfigured() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-bound-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let public_ = try #require(URL(string: "https://flows.example.com"))
        let server = try PlatformServer(
            configuration: PlatformServerConfiguration(
                port: 0, directory: DataDirectory(url: folder), publicURL: public_, logLevel: .warning))
        #expect(server.baseURL == public_)
        // Binding later does not replace it: the first value stays.
        #expect(server.controlPlane.configuration.baseURL.set(URL(string: "http://127.0.0.1:1")!) == public_)
        #expect(server.baseURL == public_)
    }
}
