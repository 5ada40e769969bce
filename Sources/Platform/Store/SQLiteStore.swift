import Foundation
import GRDB

/// The default `Store`: one SQLite file, `flowgate.sqlite`, under the data directory (0600, WAL, foreign keys on),
/// migrated at open by `StoreMigration.all`. Key secrets are sealed by `SecretBox` before they reach the file.
public final class SQLiteStore: Store, Sendable {
    /// The database file's name inside the data directory.
    public static let databaseFileName = "flowgate.sqlite"

    public let directory: DataDirectory
    let database: DatabasePool
    let secretBox: SecretBox
    /// How many audit events are kept; recording one more removes the oldest.
    public let auditRetention: Int

    /// Opens (creating when needed) the store in `directory` and runs the migrations it has not run yet;
    /// `auditRetention` bounds the audit log (at least 1).
    public init(
        directory: DataDirectory, secretBox: SecretBox, auditRetention: Int = AuditEvent.defaultRetention
    ) throws(PlatformError) {
        let path = directory.file(Self.databaseFileName).path
        do {
            database = try directory.openDatabase(Self.databaseFileName)
            try Self.migrate(database, migrations: StoreMigration.all)
        } catch let error as PlatformError {
            throw error
        } catch {
            throw .database("cannot open \(path): \(error)")
        }
        self.directory = directory
        self.secretBox = secretBox
        self.auditRetention = max(1, auditRetention)
    }

    /// The numbers of the migrations the database has run, in order.
    public func appliedMigrations() async throws -> [Int] {
        try await read { db in try Int.fetchAll(db, sql: "SELECT number FROM schema_migration ORDER BY number") }
    }

    /// Runs, in one immediate transaction, every migration of `migrations` the ledger does not list yet.
    /// A database that ran a migration this build does not know was written by a newer Flowgate: refused.
    static func migrate(_ database: DatabasePool, migrations: [StoreMigration]) throws {
        try database.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: StoreMigration.ledger)
                let applied = Set(try Int.fetchAll(db, sql: "SELECT number FROM schema_migration"))
                let known = Set(migrations.map(\.number))
                if let newer = applied.subtracting(known).max() {
                    throw PlatformError.database(
                        "the database has migration \(newer), which this Flowgate does not know; it was written by a newer version."
                    )
                }
                for migration in migrations.sorted(by: { $0.number < $1.number })
                where !applied.contains(migration.number) {
                    for statement in migration.statements { try db.execute(sql: statement) }
                    try db.execute(
                        sql: "INSERT INTO schema_migration (number, name, applied_at) VALUES (?, ?, ?)",
                        arguments: [migration.number, migration.name, StoreCoding.text(Date())])
                }
                return .commit
            }
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.write(body)
        } catch let error as DatabaseError {
            throw PlatformError.database(error.message ?? "\(error.resultCode)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(body)
        } catch let error as DatabaseError {
            throw PlatformError.database(error.message ?? "\(error.resultCode)")
        }
    }

    /// The sealing context of one key: the endpoint and slot, so a sealed key cannot be moved to another.
    static func keyContext(_ endpoint: String, _ slot: EndpointKeys.Slot) -> String {
        "endpoint-key:\(endpoint):\(slot.rawValue)"
    }

    func seal(_ key: String, endpoint: String, slot: EndpointKeys.Slot) throws -> String {
        try secretBox.seal(Data(key.utf8), context: Self.keyContext(endpoint, slot)).base64EncodedString()
    }

    func open(_ sealed: String, endpoint: String, slot: EndpointKeys.Slot) throws -> String {
        guard let data = Data(base64Encoded: sealed) else {
            throw PlatformError.database("the \(slot.rawValue) key of endpoint '\(endpoint)' is damaged.")
        }
        return String(decoding: try secretBox.open(data, context: Self.keyContext(endpoint, slot)), as: UTF8.self)
    }
}
