import Foundation
import Testing

@testable import Platform

/// The audit log in SQLite (migration 6): events come back newest first with every field, filters combine,
/// events survive reopening the store, and the retention bound prunes the oldest in the appending transaction.
@Suite struct AuditStoreTests {
    private func event(
        _ principal: String, _ action: String, status: Int, at time: Date, kind: String = "user"
    ) -> AuditEvent {
        AuditEvent(
            time: time, principal: principal, principalKind: kind, action: action, method: "POST",
            target: "/api/v1/endpoints/ep", status: status, requestID: "req-\(principal)-\(status)")
    }

    @Test func eventsRoundTripNewestFirstAndSurviveReopening() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        #expect(try await store.appliedMigrations().contains(6))
        let start = Date(timeIntervalSince1970: 1_800_000_000.123)
        let first = event("alice", "endpoints/write", status: 202, at: start)
        let second = event("bob", "endpoints/delete", status: 403, at: start.addingTimeInterval(1))
        try await store.recordAuditEvent(first)
        try await store.recordAuditEvent(second)
        #expect(try await store.auditEvents(AuditQuery()) == [second, first])
        #expect(second.outcome == .denied && first.outcome == .succeeded)

        let reopened = try fixture.open()
        let read = try await reopened.auditEvents(AuditQuery())
        #expect(read == [second, first])
        #expect(read.last?.time == start)
        #expect(read.last?.requestID == "req-alice-202")
    }

    @Test func filtersCombine() async throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let events = [
            event("alice", "endpoints/write", status: 202, at: start),
            event("alice", "endpoints/delete", status: 500, at: start.addingTimeInterval(10)),
            event(
                AuditEvent.anonymous, "endpoints/write", status: 401, at: start.addingTimeInterval(20),
                kind: "anonymous"),
            event("bob", "endpoints/write", status: 403, at: start.addingTimeInterval(30)),
        ]
        for item in events { try await store.recordAuditEvent(item) }
        #expect(try await store.auditEvents(AuditQuery(principal: "alice")) == [events[1], events[0]])
        #expect(
            try await store.auditEvents(AuditQuery(action: "endpoints/write")) == [events[3], events[2], events[0]])
        #expect(try await store.auditEvents(AuditQuery(outcome: .denied)) == [events[3], events[2]])
        #expect(try await store.auditEvents(AuditQuery(outcome: .failed)) == [events[1]])
        #expect(
            try await store.auditEvents(AuditQuery(since: start.addingTimeInterval(10)))
                == Array(events[1...].reversed()))
        #expect(try await store.auditEvents(AuditQuery(limit: 2)) == [events[3], events[2]])
        #expect(
            try await store.auditEvents(AuditQuery(principal: "alice", action: "endpoints/write", outcome: .succeeded))
                == [events[0]])
        #expect(try await store.auditEvents(AuditQuery(principal: "carol")).isEmpty)
    }

    @Test func retentionKeepsTheNewestEvents() async throws {
        let fixture = StoreFixture()
        let store = try SQLiteStore(directory: fixture.home.directory, secretBox: fixture.box, auditRetention: 5)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var recorded: [AuditEvent] = []
        for index in 0..<12 {
            let item = event("p\(index)", "endpoints/write", status: 202, at: start.addingTimeInterval(Double(index)))
            recorded.append(item)
            try await store.recordAuditEvent(item)
            #expect(try await store.auditEvents(AuditQuery(limit: 100)).count == min(index + 1, 5))
        }
        #expect(try await store.auditEvents(AuditQuery(limit: 100)) == Array(recorded.suffix(5).reversed()))
        // Reopened with the default bound, nothing more is lost and numbering continues after the newest.
        let reopened = try fixture.open()
        let next = event("after", "endpoints/write", status: 202, at: start.addingTimeInterval(100))
        try await reopened.recordAuditEvent(next)
        #expect(try await reopened.auditEvents(AuditQuery(limit: 100)).first == next)
        #expect(try await reopened.auditEvents(AuditQuery(limit: 100)).count == 6)
    }
}

/// The server's audit retention comes from `FLOWGATE_AUDIT_RETENTION` (default 100 000); a bad value is refused.
@Suite struct AuditRetentionSettingTests {
    @Test func environmentSetsTheBound() async throws {
        #expect(try AuditEvent.retention(environment: [:]) == AuditEvent.defaultRetention)
        #expect(try AuditEvent.retention(environment: ["FLOWGATE_AUDIT_RETENTION": "250"]) == 250)
        for bad in ["0", "-3", "many"] {
            #expect(throws: PlatformError.self) {
                try AuditEvent.retention(environment: ["FLOWGATE_AUDIT_RETENTION": bad])
            }
        }
        let home = TemporaryHome()
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        environment["FLOWGATE_AUDIT_RETENTION"] = "3"
        let plane = try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: home.directory, publicURL: URL(string: "http://127.0.0.1:8080")!,
                environment: environment))
        let store = try #require(plane.store as? SQLiteStore)
        #expect(store.auditRetention == 3)
    }
}
