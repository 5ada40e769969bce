import Foundation
import GRDB

extension SQLiteStore {
    public func recordSnapshot(_ snapshot: FlowSnapshot) async throws -> FlowSnapshot {
        guard FlowSnapshot.isValidID(snapshot.id) else {
            throw ResourceValidationError(
                field: "snapshot", message: "'\(snapshot.id.prefix(80))' is not a snapshot id")
        }
        return try await write { db in
            // Portable "insert unless present": both SQLite and PostgreSQL accept ON CONFLICT DO NOTHING.
            try db.execute(
                sql: """
                    INSERT INTO flow_snapshot (id, file_count, byte_count, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [
                    snapshot.id, snapshot.fileCount, snapshot.byteCount,
                    StoreCoding.text(StoreCoding.rounded(snapshot.createdAt)),
                ])
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM flow_snapshot WHERE id = ?", arguments: [snapshot.id])
            else { throw StoreError.notFound(.snapshot, snapshot.id) }
            return try Self.snapshot(from: row)
        }
    }

    public func snapshot(id: String) async throws -> FlowSnapshot {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM flow_snapshot WHERE id = ?", arguments: [id])
            else {
                throw StoreError.notFound(.snapshot, id)
            }
            return try Self.snapshot(from: row)
        }
    }

    public func saveOperation(_ operation: ProvisioningOperation) async throws {
        try await write { db in try Self.saveOperation(db, operation) }
    }

    public func operation(id: String) async throws -> ProvisioningOperation {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM operation WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(.operation, id)
            }
            return try Self.operation(from: row)
        }
    }

    public func operations(endpoint: String?, limit: Int) async throws -> [ProvisioningOperation] {
        let limit = max(0, limit)
        return try await read { db in
            let rows =
                if let endpoint {
                    try Row.fetchAll(
                        db,
                        sql:
                            "SELECT * FROM operation WHERE endpoint_name = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                        arguments: [endpoint, limit])
                } else {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM operation ORDER BY created_at DESC, id DESC LIMIT ?", arguments: [limit]
                    )
                }
            return try rows.map(Self.operation(from:))
        }
    }

    public func latestOperationID(endpoint: String, deployment: String?) async throws -> String? {
        try await read { db in
            let order = " ORDER BY created_at DESC, id DESC LIMIT 1"
            if let deployment {
                return try String.fetchOne(
                    db, sql: "SELECT id FROM operation WHERE endpoint_name = ? AND deployment_name = ?" + order,
                    arguments: [endpoint, deployment])
            }
            return try String.fetchOne(
                db, sql: "SELECT id FROM operation WHERE endpoint_name = ? AND deployment_name IS NULL" + order,
                arguments: [endpoint])
        }
    }

    public func operations(status: ProvisioningOperation.Status) async throws -> [ProvisioningOperation] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM operation WHERE status = ? ORDER BY created_at, id", arguments: [status.rawValue]
            ).map(Self.operation(from:))
        }
    }

    /// Inserts or replaces an operation inside the caller's transaction (portable `ON CONFLICT … DO UPDATE`).
    static func saveOperation(_ db: Database, _ operation: ProvisioningOperation) throws {
        try db.execute(
            sql: """
                INSERT INTO operation (id, kind, endpoint_name, deployment_name, status, stages, error_code,
                    error_message, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, endpoint_name = excluded.endpoint_name,
                    deployment_name = excluded.deployment_name, status = excluded.status, stages = excluded.stages,
                    error_code = excluded.error_code, error_message = excluded.error_message,
                    updated_at = excluded.updated_at
                """,
            arguments: [
                operation.id, operation.kind.rawValue, operation.target.endpoint, operation.target.deployment,
                operation.status.rawValue, try StoreCoding.json(operation.stages), operation.error?.code,
                operation.error?.message, StoreCoding.text(operation.createdAt), StoreCoding.text(operation.updatedAt),
            ])
    }
}
