import FlowSpec
import HummingbirdTesting
import Platform
import Testing

/// Connections through the API: secrets go in and never come out (show, list, create and update answers mask them
/// as `******`), the flow engine still gets the real value, and `******` in an update keeps the stored secret.
@Suite struct ConnectionAPITests {
    static let secret = "sk-test-very-secret-0123456789"

    @Test func anOpenAIKeyIsStoredButNeverShown() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let created = try await client.send(
                .post, "/connections",
                json: [
                    "name": "my-openai", "type": "open_ai", "api_key": .string(Self.secret), "organization": "org-1",
                ])
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["api_key"] == "******")
            #expect(created.json["organization"] == "org-1")
            #expect(created.json["type"] == "open_ai")
            let shown = try await client.send(.get, "/connections/my-openai")
            let listed = try await client.send(.get, "/connections")
            for response in [created, shown, listed] {
                #expect(!response.text.contains(Self.secret))
            }
            #expect(shown.json["api_key"] == "******")
            #expect(listed.json["value"].listValue?.first?["api_key"] == "******")
            let stored = try await fixture.controlPlane.connections.connection(named: "my-openai")
            #expect(stored?.secrets["api_key"] == Self.secret)

            let kept = try await client.send(
                .patch, "/connections/my-openai", json: ["api_key": "******", "organization": "org-2"])
            #expect(kept.status == .ok, "\(kept.text)")
            #expect(kept.json["organization"] == "org-2")
            #expect(
                try await fixture.controlPlane.connections.connection(named: "my-openai")?.secrets["api_key"]
                    == Self.secret)
            let changed = try await client.send(.patch, "/connections/my-openai", json: ["api_key": "sk-another-one"])
            #expect(!changed.text.contains("sk-another-one"))
            #expect(
                try await fixture.controlPlane.connections.connection(named: "my-openai")?.secrets["api_key"]
                    == "sk-another-one")

            let again = try await client.send(
                .post, "/connections", json: ["name": "my-openai", "type": "open_ai", "api_key": .string(Self.secret)])
            #expect(again.status == .conflict)
            #expect(!again.text.contains(Self.secret))

            #expect(try await client.send(.delete, "/connections/my-openai").status == .noContent)
            #expect(try await client.send(.get, "/connections/my-openai").status == .notFound)
            #expect(try await client.send(.delete, "/connections/my-openai").status == .notFound)
        }
    }

    @Test func customConnectionsAndInvalidInput() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let custom = try await client.send(
                .post, "/connections",
                json: [
                    "name": "custom-one", "type": "custom", "configs": ["region": "eu"],
                    "secrets": ["token": "t-123456"],
                ])
            #expect(custom.status == .created, "\(custom.text)")
            #expect(custom.json["configs"] == ["region": "eu"])
            #expect(custom.json["secrets"] == ["token": "******"])
            let unknownType = try await client.send(.post, "/connections", json: ["name": "x1", "type": "telepathy"])
            #expect(unknownType.status == .badRequest)
            #expect(unknownType.errorDetails["type"] != nil)
            let missing = try await client.send(.post, "/connections", json: ["name": "x2", "type": "open_ai"])
            #expect(missing.status == .badRequest)
            #expect(missing.errorDetails["api_key"] != nil, "\(missing.text)")
            let environment = try await client.send(
                .post, "/connections", json: ["name": "x3", "type": "open_ai", "api_key": "${env:HOME}"])
            #expect(environment.status == .badRequest, "\(environment.text)")
            #expect(try await client.send(.get, "/connections/x3").status == .notFound)
            let spaced = try await client.send(
                .post, "/connections", json: ["name": "team conn", "type": "custom", "configs": ["a": "b"]])
            #expect(spaced.status == .created, "\(spaced.text)")
            #expect(try await client.send(.get, "/connections/team%20conn").json["name"] == "team conn")
            let retyped = try await client.send(.patch, "/connections/custom-one", json: ["type": "open_ai"])
            #expect(retyped.errorDetails["type"] != nil, "\(retyped.text)")
        }
    }
}
