import FlowServer
import Foundation
import HummingbirdTesting
import Testing

/// Request ids the server makes up when the caller sends none: random version-4 UUIDs, a new one per request.
struct RequestIDTests {
    @Test func generatedRequestIDsAreDistinctVersion4UUIDs() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            var seen: Set<String> = []
            for _ in 0..<8 {
                let response = try await client.score(#"{"text": "a"}"#)
                let id = try #require(response.headers[.init("x-request-id")!])
                let uuid = try #require(UUID(uuidString: id))
                #expect(uuid.uuidString == id)
                let bytes = uuid.uuid
                #expect(bytes.6 >> 4 == 4)
                #expect(bytes.8 >> 6 == 0b10)
                seen.insert(id)
            }
            #expect(seen.count == 8)
        }
    }
}
