import GRDB

extension SQLiteStore {
    /// Recorded snapshots (uploads, deployed folders, runs' flows), newest first; ties by id so pages are stable.
    public func snapshots(limit: Int) async throws -> [FlowSnapshot] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM flow_snapshot ORDER BY created_at DESC, id LIMIT ?",
                arguments: [max(0, limit)]
            ).map(Self.snapshot(from:))
        }
    }
}
