import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

@testable import FlowgateServer

/// The console as `flowgate server` serves it: `/`, `/console/<file>`, headers, 304s, the platform's 404, and the
/// other routes untouched.
@Suite("Console routes")
struct ConsoleRoutesTests {
    static func withServer(_ body: (PlatformServer) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-console-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try PlatformServer(
            configuration: PlatformServerConfiguration(
                port: 0, directory: DataDirectory(url: folder), logLevel: .warning))
        try await body(server)
    }

    @Test("GET / answers index.html with a strict CSP, no-cache and an ETag; a matching If-None-Match gets 304")
    func index() async throws {
        try await Self.withServer { server in
            let app = Application(router: server.makeRouter())
            try await app.test(.router) { client in
                let etag = try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.headers[.cacheControl] == "no-cache")
                    let csp = try #require(response.headers[.contentSecurityPolicy])
                    #expect(csp.contains("default-src 'self'"))
                    #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(String(buffer: response.body).contains("/console/app.js"))
                    return try #require(response.headers[.eTag])
                }
                try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag]) { response in
                    #expect(response.status == .notModified)
                    #expect(response.body.readableBytes == 0)
                }
                try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: "\"0000000000000000\""]) {
                    #expect($0.status == .ok)
                }
            }
        }
    }

    @Test("every asset is served at /console/<file> with its media type")
    func assets() async throws {
        try await Self.withServer { server in
            let app = Application(router: server.makeRouter())
            try await app.test(.router) { client in
                for name in ConsoleAsset.names {
                    let asset = try #require(ConsoleAsset.named(name))
                    try await client.execute(uri: "/console/\(name)", method: .get) { response in
                        #expect(response.status == .ok, "\(name)")
                        #expect(response.headers[.contentType] == asset.contentType)
                        #expect(response.headers[.eTag] == asset.etag)
                        #expect(Array(response.body.readableBytesView) == asset.bytes)
                    }
                }
                try await client.execute(uri: "/console/app.js", method: .get) { response in
                    #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                }
            }
        }
    }

    @Test("an unknown asset is the platform's JSON 404; the API, health and gateway routes are unchanged")
    func unknownAndNeighbours() async throws {
        try await Self.withServer { server in
            let app = Application(router: server.makeRouter())
            try await app.test(.router) { client in
                for uri in ["/console/missing.js", "/console/../admin.key", "/console/"] {
                    try await client.execute(uri: uri, method: .get) { response in
                        #expect(response.status == .notFound, "\(uri)")
                        #expect(response.headers[.contentType] == "application/json")
                        #expect(String(buffer: response.body).contains("\"error\""))
                    }
                }
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/endpoints", method: .get) { response in
                    #expect(response.status == .unauthorized)
                }
                try await client.execute(
                    uri: "/api/v1/endpoints", method: .get, headers: [.authorization: "Bearer \(server.adminKey)"]
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("\"value\""))
                }
                try await client.execute(uri: "/endpoints/none/score", method: .post) { response in
                    #expect(response.status != .ok)
                    #expect(response.headers[.contentSecurityPolicy] == nil)
                }
            }
        }
    }
}
