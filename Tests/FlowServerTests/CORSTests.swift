import FlowServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `--cors-origins`: none by default, listed origins or `*`, preflight answered.
@Suite struct CORSTests {
    static let preflight: HTTPFields = [
        .origin: "https://app.example", .accessControlRequestMethod: "POST",
        .accessControlRequestHeaders: "content-type",
    ]

    @Test func listedOriginGetsPreflightAndResponseHeaders() async throws {
        let served = try await ServedFlow(
            files: FlowFixtures.echo, configuration: ServedFlow.configuration(cors: ["https://app.example"]))
        defer { served.close() }
        try await served.test { client in
            let preflight = try await client.execute(uri: "/score", method: .options, headers: Self.preflight)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://app.example")
            #expect(preflight.headers[.accessControlAllowMethods] == "GET, POST, OPTIONS")
            #expect(preflight.headers[.accessControlAllowHeaders] == "content-type")
            let scored = try await client.score(#"{"text": "a"}"#, headers: [.origin: "https://app.example"])
            #expect(scored.headers[.accessControlAllowOrigin] == "https://app.example")
            var other = Self.preflight
            other[.origin] = "https://evil.example"
            let refused = try await client.execute(uri: "/score", method: .options, headers: other)
            #expect(refused.status == .forbidden)
            let plain = try await client.score(#"{"text": "a"}"#, headers: [.origin: "https://evil.example"])
            #expect(plain.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func starAllowsAnyOrigin() async throws {
        let served = try await ServedFlow(
            files: FlowFixtures.echo, configuration: ServedFlow.configuration(cors: ["*"]))
        defer { served.close() }
        try await served.test { client in
            let preflight = try await client.execute(uri: "/score", method: .options, headers: Self.preflight)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
        }
    }

    @Test func noOriginsConfiguredMeansNoCORS() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let preflight = try await client.execute(uri: "/score", method: .options, headers: Self.preflight)
            #expect(preflight.status == .notFound)
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            let scored = try await client.score(#"{"text": "a"}"#, headers: [.origin: "https://app.example"])
            #expect(scored.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
