import Foundation
import GRDB

/// The audit log in table `audit_event` (migration 6): appended in `seq` order, pruned to `auditRetention` rows in
/// the transaction that appends, read newest first with optional filters.
extension SQLiteStore {
    public func recordAuditEvent(_ event: AuditEvent) async throws {
        let retention = Int64(auditRetention)
        try await write { db in
            let seq = (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_event") ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO audit_event (seq, id, time, principal, principal_kind, action, method, target, status,
                        outcome, request_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    seq, event.id, StoreCoding.text(event.time), event.principal, event.principalKind, event.action,
                    event.method, event.target, event.status, event.outcome.rawValue, event.requestID,
                ])
            // One indexed range delete; it removes nothing until the log is full, then about one row per event.
            if seq > retention {
                try db.execute(sql: "DELETE FROM audit_event WHERE seq <= ?", arguments: [seq - retention])
            }
        }
    }

    public func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let principal = query.principal {
            conditions.append("principal = ?")
            arguments += [principal]
        }
        if let action = query.action {
            conditions.append("action = ?")
            arguments += [action]
        }
        if let outcome = query.outcome {
            conditions.append("outcome = ?")
            arguments += [outcome.rawValue]
        }
        if let since = query.since {
            conditions.append("time >= ?")
            arguments += [StoreCoding.text(since)]
        }
        arguments += [max(0, min(query.limit, AuditQuery.maxLimit))]
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM audit_event" + filter + " ORDER BY seq DESC LIMIT ?"
        let bound = arguments
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map(Self.auditEvent(from:))
        }
    }

    static func auditEvent(from row: Row) throws -> AuditEvent {
        let outcome: String = row["outcome"]
        let event = AuditEvent(
            id: row["id"], time: try StoreCoding.date(row["time"], column: "audit_event.time"),
            principal: row["principal"], principalKind: row["principal_kind"], action: row["action"],
            method: row["method"], target: row["target"], status: row["status"], requestID: row["request_id"])
        guard event.outcome.rawValue == outcome else {
            throw PlatformError.database("audit event \(event.id) has outcome '\(outcome)' for status \(event.status).")
        }
        return event
    }
}
