import FlowSpec
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Platform

/// The audit log through the API: writes, refusals and key reads are recorded with who, what and how it ended;
/// only Owners read it (`audit/list/action`); filters work; no key or secret reaches a stored column; events
/// outlive the control plane that wrote them.
@Suite struct AuditAPITests {
    static let secret = "sk-audit-secret-0123456789abcdef"
    static let unknownKey = "fgk_not-a-key-anyone-has-0123456789"

    /// Creates a principal with a key and an assignment at `/`; returns the key.
    private func principal(_ name: String, role: String, client: any TestClientProtocol) async throws -> String {
        #expect(try await client.send(.post, "/principals", json: ["name": .string(name)]).status == .created)
        let created = try await client.send(.post, "/principals/\(name)/keys")
        let key = try #require(created.json["key"].stringValue)
        let assigned = try await client.send(
            .post, "/role-assignments", json: ["role": .string(role), "principal": .string(name), "scope": "/"])
        #expect(assigned.status == .created, "\(assigned.text)")
        return key
    }

    private func events(_ query: String = "", client: any TestClientProtocol) async throws -> [FlowValue] {
        let answer = try await client.send(.get, "/audit" + query)
        #expect(answer.status == .ok, "\(answer.text)")
        return answer.json["value"].listValue ?? []
    }

    @Test func ownerSeesWritesWithPrincipalActionTargetStatusAndOutcome() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let created = try await client.execute(
                uri: "/api/v1/connections", method: .post,
                headers: [
                    .authorization: "Bearer \(APIFixture.adminKey)", .contentType: "application/json",
                    requestIDHeader: "req-create-1",
                ],
                body: ByteBuffer(string: #"{"name":"c1","type":"open_ai","api_key":"\#(Self.secret)"}"#))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[requestIDHeader] == "req-create-1")
            let deleted = try await client.send(.delete, "/connections/c1?force=1")
            #expect(deleted.status == .noContent)
            let generatedID = try #require(deleted.headers[requestIDHeader])
            // A read is not a change: not recorded.
            #expect(try await client.send(.get, "/connections").status == .ok)

            let list = try await events(client: client)
            #expect(list.count == 2)
            let delete = list[0]
            let create = list[1]
            #expect(delete["principal"] == "admin" && delete["principal_kind"] == "user")
            #expect(delete["action"] == "connections/delete" && delete["method"] == "DELETE")
            #expect(delete["target"] == "/api/v1/connections/c1")
            #expect(delete["status"] == 204 && delete["outcome"] == "succeeded")
            #expect(delete["request_id"].stringValue == generatedID)
            #expect(create["action"] == "connections/write" && create["method"] == "POST")
            #expect(create["target"] == "/api/v1/connections" && create["status"] == 201)
            #expect(create["outcome"] == "succeeded" && create["request_id"] == "req-create-1")
            let createdAt = try #require(create["time"].stringValue.flatMap(AuditTime.parse))
            let deletedAt = try #require(delete["time"].stringValue.flatMap(AuditTime.parse))
            #expect(createdAt <= deletedAt)
            #expect(create["time"].stringValue?.contains(".") == true, "milliseconds")
            #expect(create["id"].stringValue != delete["id"].stringValue)
        }
    }

    @Test func readerAndContributorAreRefusedNamingTheAction() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            for role in ["Reader", "Contributor"] {
                let key = try await principal(role.lowercased(), role: role, client: client)
                let refused = try await client.send(.get, "/audit", key: key)
                #expect(refused.status == .forbidden, "\(role)")
                #expect(
                    refused.json["error"]["message"]
                        == .string("principal '\(role.lowercased())' lacks 'audit/list/action' on '/'"))
            }
            // The refusals are themselves recorded, as denied reads of the audit log.
            let denied = try await events("?action=audit/list/action", client: client)
            #expect(denied.map { $0["principal"] } == ["contributor", "reader"])
            #expect(denied.allSatisfy { $0["outcome"] == "denied" && $0["status"] == 403 && $0["method"] == "GET" })
            #expect(denied.allSatisfy { $0["principal_kind"] == "user" })
        }
    }

    @Test func refusalsAreDeniedAndCredentialReadsAreRecordedWithoutKeys() async throws {
        let fixture = try APIFixture()
        let (readerKey, primary) = try await fixture.test { client in
            let readerKey = try await principal("rita", role: "Reader", client: client)
            #expect(
                try await client.send(.post, "/endpoints", json: ["name": "ep-audit"], key: readerKey).status
                    == .forbidden)
            #expect(try await client.send(.get, "/endpoints", key: Self.unknownKey).status == .unauthorized)
            #expect(try await client.send(.get, "/endpoints", key: nil).status == .unauthorized)
            #expect(try await client.send(.post, "/endpoints", json: ["name": "ep-audit"]).status == .accepted)
            let credentials = try await client.send(.post, "/endpoints/ep-audit/get-credentials")
            #expect(credentials.status == .ok)
            let primary = try #require(credentials.json["primaryKey"].stringValue)
            #expect(
                try await client.send(
                    .post, "/connections", json: ["name": "c", "type": "open_ai", "api_key": .string(Self.secret)]
                ).status == .created)

            let denied = try await events("?outcome=denied", client: client)
            #expect(denied.count == 3)
            let anonymous = denied.filter { $0["principal"] == "anonymous" }
            #expect(anonymous.count == 2)
            #expect(anonymous.allSatisfy { $0["principal_kind"] == "anonymous" && $0["status"] == 401 })
            #expect(anonymous.allSatisfy { $0["action"] == "endpoints/read" && $0["target"] == "/api/v1/endpoints" })
            let rita = try #require(denied.first { $0["principal"] == "rita" })
            #expect(rita["status"] == 403 && rita["action"] == "endpoints/write" && rita["method"] == "POST")

            let keyReads = try await events("?action=endpoints/listkeys/action", client: client)
            #expect(keyReads.count == 1)
            #expect(keyReads.first?["target"] == "/api/v1/endpoints/ep-audit/get-credentials")
            #expect(keyReads.first?["outcome"] == "succeeded" && keyReads.first?["principal"] == "admin")

            let everything = try await client.send(.get, "/audit?limit=1000").text
            for secret in [Self.secret, Self.unknownKey, readerKey, primary, APIFixture.adminKey] {
                #expect(!everything.contains(secret))
            }
            return (readerKey, primary)
        }
        // Nor is any of them anywhere in the store's file (database and write-ahead log).
        let base = fixture.root.appendingPathComponent("home").appendingPathComponent(SQLiteStore.databaseFileName)
        let bytes = [base.path, base.path + "-wal"].reduce(into: Data()) {
            $0 += FileManager.default.contents(atPath: $1) ?? Data()
        }
        #expect(bytes.count > 0)
        for secret in [Self.secret, Self.unknownKey, readerKey, primary, APIFixture.adminKey] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil)
        }
    }

    @Test func filtersNarrowTheList() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let key = try await principal("cory", role: "Contributor", client: client)
            for name in ["a", "b", "c"] {
                let created = try await client.send(
                    .post, "/connections", json: ["name": .string(name), "type": "custom", "configs": ["k": "v"]],
                    key: key)
                #expect(created.status == .created, "\(created.text)")
            }
            #expect(try await client.send(.delete, "/connections/none", key: key).status == .notFound)
            #expect(try await client.send(.delete, "/principals/cory", key: key).status == .forbidden)

            let cory = try await events("?principal=cory", client: client)
            #expect(cory.count == 5)
            #expect(try await events("?principal=cory&action=connections/write", client: client).count == 3)
            let failed = try await events("?principal=cory&outcome=failed", client: client)
            #expect(failed.count == 1 && failed.first?["status"] == 404)
            #expect(
                try await events("?principal=cory&outcome=denied", client: client).first?["target"]
                    == "/api/v1/principals/cory")
            let limited = try await events("?principal=cory&limit=2", client: client)
            #expect(limited.map { $0["id"] } == Array(cory.prefix(2)).map { $0["id"] })
            // `since` keeps exactly the events at or after it (cory's first write's time, to the millisecond).
            let all = try await events("?limit=1000", client: client)
            #expect(all.count > cory.count)
            let since = try #require(cory.last?["time"].stringValue)
            let recent = try await events("?limit=1000&since=\(since)", client: client)
            let expected = all.filter {
                (AuditTime.parse($0["time"].stringValue ?? "") ?? .distantPast) >= AuditTime.parse(since)!
            }
            #expect(recent.map { $0["id"] } == expected.map { $0["id"] })
            #expect(recent.count >= 5 && recent.count < all.count)
            #expect(try await events("?since=2999-01-01T00:00:00Z", client: client).isEmpty)
            #expect(try await events("?since=2000-01-01T01:00:00%2B01:00", client: client).count == min(all.count, 100))

            #expect(try await client.send(.get, "/audit?outcome=maybe").errorDetails["outcome"] != nil)
            #expect(try await client.send(.get, "/audit?since=yesterday").errorDetails["since"] != nil)
            #expect(try await client.send(.get, "/audit?limit=0").errorDetails["limit"] != nil)
        }
    }

    @Test func aFailingAuditWriteDoesNotFailTheRequest() async throws {
        let fixture = try APIFixture()
        let store = try #require(fixture.controlPlane.store as? SQLiteStore)
        // Every insert into the log fails, as on a full disk; reads still work.
        try await store.database.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER audit_event_refused BEFORE INSERT ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'disk full'); END
                    """)
        }
        try await fixture.test { client in
            let created = try await client.send(.post, "/principals", json: ["name": "still-made"])
            #expect(created.status == .created, "\(created.text)")
            #expect(try await client.send(.get, "/principals/still-made").status == .ok)
            #expect(try await client.send(.get, "/endpoints", key: Self.unknownKey).status == .unauthorized)
            #expect(try await events(client: client).isEmpty)
        }
    }

    @Test func eventsOutliveTheControlPlaneThatWroteThem() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let created = try await client.send(.post, "/principals", json: ["name": "kept"])
            #expect(created.status == .created)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        let reopened = try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: DataDirectory(url: fixture.root.appendingPathComponent("home")),
                publicURL: URL(string: "http://127.0.0.1:8080")!, environment: environment),
            logger: Logger(label: "test.platform"))
        let events = try await reopened.store.auditEvents(AuditQuery())
        #expect(events.count == 1)
        #expect(events.first?.principal == "admin" && events.first?.target == "/api/v1/principals")
        #expect(events.first?.action == "principals/write" && events.first?.outcome == .succeeded)
    }
}

private let requestIDHeader = HTTPField.Name("x-request-id")!

/// Parses the audit log's times (ISO 8601 with milliseconds).
private enum AuditTime {
    static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
