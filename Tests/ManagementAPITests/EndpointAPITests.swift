import FlowSpec
import HummingbirdTesting
import Platform
import Testing

/// Endpoints through the API: creation is asynchronous (202 Creating), names are checked per field, duplicates
/// conflict, keys are two fresh 43-character keys that can be regenerated, and traffic must sum to 0 or 100.
@Suite struct EndpointAPITests {
    @Test func createShowAndList() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let created = try await client.send(
                .post, "/endpoints",
                json: ["name": "support-bot", "description": "help", "tags": ["team": "a"], "location": "westeurope"])
            #expect(created.status == .accepted)
            #expect(created.json["provisioning_state"] == "Creating")
            #expect(created.json["name"] == "support-bot")
            #expect(created.json["auth_mode"] == "key")
            #expect(created.json["identity"] == ["type": "system_assigned"])
            #expect(created.json["scoring_uri"] == "http://127.0.0.1:8080/endpoints/support-bot/score")
            #expect(created.json["openapi_uri"] == "http://127.0.0.1:8080/endpoints/support-bot/swagger.json")
            #expect(created.json["ignored_keys"] == ["location"])
            #expect(created.json["failure"] == .null)
            let operationID = try #require(created.json["latest_operation_id"].stringValue)

            let shown = try await client.send(.get, "/endpoints/support-bot")
            #expect(shown.status == .ok)
            #expect(shown.json["description"] == "help")
            #expect(shown.json["tags"] == ["team": "a"])
            #expect(shown.json["latest_operation_id"].stringValue == operationID)
            let createdAt = try #require(shown.json["created_at"].stringValue)
            #expect(createdAt.count == 20 && createdAt.hasSuffix("Z"), "ISO 8601 with seconds: \(createdAt)")

            let operation = try await client.send(.get, "/operations/\(operationID)")
            #expect(operation.status == .ok)
            #expect(operation.json["kind"] == "create")
            #expect(operation.json["target"] == ["endpoint": "support-bot", "deployment": .null])

            try await client.send(.post, "/endpoints", json: ["name": "another-one"])
            let list = try await client.send(.get, "/endpoints")
            let names = list.json["value"].listValue?.map { $0["name"] }
            #expect(names == ["another-one", "support-bot"])
            let operations = try await client.send(.get, "/operations?endpoint=support-bot")
            #expect(operations.json["value"].listValue?.count == 1)

            let missing = try await client.send(.get, "/endpoints/nobody-here")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NotFound")
        }
    }

    @Test func invalidNamesAndKeysAreReportedPerField() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            for name in ["ab", String(repeating: "a", count: 33), "1abc", "a--b", "abc-", "a_bc"] {
                let response = try await client.send(.post, "/endpoints", json: ["name": .string(name)])
                #expect(response.status == .badRequest, "\(name)")
                #expect(response.errorCode == "BadArgument")
                #expect(response.errorDetails["name"] != nil, "\(name): \(response.text)")
            }
            let several = try await client.send(
                .post, "/endpoints", json: ["name": "ok-name", "auth_mode": "password", "traffic": ["blue": "x"]])
            #expect(several.status == .badRequest)
            #expect(several.errorDetails["auth_mode"] != nil, "\(several.text)")
            #expect(several.errorDetails["traffic.blue"] != nil, "\(several.text)")
            let nameless = try await client.send(.post, "/endpoints", json: ["description": "no name"])
            #expect(nameless.errorDetails["name"] != nil, "\(nameless.text)")
            let unknown = try await client.send(.post, "/endpoints", json: ["name": "ok-name", "colour": "red"])
            #expect(unknown.errorDetails["colour"] != nil, "\(unknown.text)")
            let notJSON = try await client.execute(
                uri: "/api/v1/endpoints", method: .post, headers: [.authorization: "Bearer \(APIFixture.adminKey)"],
                body: .init(string: "{name: "))
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.headers[.contentType] == "application/json")
            let array = try await client.send(.post, "/endpoints", json: ["name"])
            #expect(array.status == .badRequest)
            let huge = FlowValue.object([
                "name": "big-one", "description": .string(String(repeating: "x", count: 2 << 20)),
            ])
            let tooLarge = try await client.send(.post, "/endpoints", json: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorCode == "PayloadTooLarge")
        }
    }

    @Test func aSecondEndpointWithTheSameNameConflicts() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.send(.post, "/endpoints", json: ["name": "twice"]).status == .accepted)
            let again = try await client.send(.post, "/endpoints", json: ["name": "twice"])
            #expect(again.status == .conflict)
            #expect(again.errorCode == "Conflict")
        }
    }

    @Test func credentialsAndRegeneratedKeys() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "keyed"])
            let first = try await client.send(.post, "/endpoints/keyed/get-credentials")
            #expect(first.status == .ok)
            let primary = try #require(first.json["primaryKey"].stringValue)
            let secondary = try #require(first.json["secondaryKey"].stringValue)
            #expect(primary.count == 43 && secondary.count == 43 && primary != secondary)

            let given = "my-own-secondary-key-123456"
            let regenerated = try await client.send(
                .post, "/endpoints/keyed/regenerate-keys", json: ["key_type": "secondary", "key_value": .string(given)])
            #expect(regenerated.status == .noContent)
            let second = try await client.send(.post, "/endpoints/keyed/get-credentials")
            #expect(second.json["secondaryKey"].stringValue == given)
            #expect(second.json["primaryKey"].stringValue == primary)

            #expect(try await client.send(.post, "/endpoints/keyed/regenerate-keys", json: [:]).status == .noContent)
            let third = try await client.send(.post, "/endpoints/keyed/get-credentials")
            #expect(third.json["primaryKey"].stringValue != primary)
            #expect(third.json["primaryKey"].stringValue?.count == 43)

            let short = try await client.send(
                .post, "/endpoints/keyed/regenerate-keys", json: ["key_type": "primary", "key_value": "short"])
            #expect(short.status == .badRequest)
            #expect(short.errorDetails["key_value"] != nil)
            #expect(!short.text.contains("\"short\""))
            let slot = try await client.send(.post, "/endpoints/keyed/regenerate-keys", json: ["key_type": "tertiary"])
            #expect(slot.errorDetails["key_type"] != nil)
            #expect(try await client.send(.post, "/endpoints/none-such/get-credentials").status == .notFound)
        }
    }

    @Test func patchChangesDescriptionAndTagsAndChecksTraffic() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "patched", "tags": ["a": "1"]])
            let patched = try await client.send(
                .patch, "/endpoints/patched", json: ["description": "now described", "tags": ["b": "2"]])
            #expect(patched.status == .ok)
            #expect(patched.json["description"] == "now described")
            #expect(patched.json["tags"] == ["b": "2"])
            let half = try await client.send(.patch, "/endpoints/patched", json: ["traffic": ["blue": 50]])
            #expect(half.status == .badRequest)
            #expect(half.errorDetails.keys.contains { $0.hasPrefix("traffic") }, "\(half.text)")
            let fixed = try await client.send(.patch, "/endpoints/patched", json: ["auth_mode": "aml_token"])
            #expect(fixed.status == .badRequest)
            #expect(fixed.errorDetails["auth_mode"] != nil)
            let cleared = try await client.send(.patch, "/endpoints/patched", json: ["description": .null])
            #expect(cleared.json["description"] == .null)
            #expect(cleared.json["tags"] == ["b": "2"])
        }
    }

    @Test func deleteMarksTheEndpointDeleting() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "short-lived"])
            let deleted = try await client.send(.delete, "/endpoints/short-lived")
            #expect(deleted.status == .accepted)
            #expect(deleted.json["provisioning_state"] == "Deleting")
            let operation = try await client.send(
                .get, "/operations/\(deleted.json["latest_operation_id"].stringValue ?? "")")
            #expect(operation.json["kind"] == "delete")
            #expect(try await client.send(.delete, "/endpoints/never-was").status == .notFound)
        }
    }
}
