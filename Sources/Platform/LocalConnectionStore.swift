import FlowEngine
import Foundation
import GRDB

/// The connections of one machine, in `connections.sqlite` under the data directory (WAL, migrated on open).
/// Configs are stored in the clear; secrets are sealed by `SecretBox` and only opened for `connection(named:)`.
public final class LocalConnectionStore: ConnectionProvider, Sendable {
    /// The database file's name inside the data directory.
    public static let databaseFileName = "connections.sqlite"

    public let directory: DataDirectory
    private let database: DatabasePool
    private let secretBox: SecretBox

    /// Opens (creating when needed) the store in `directory`, with the master key `SecretBox.load` finds.
    public convenience init(
        directory: DataDirectory, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PlatformError) {
        try self.init(
            directory: directory, secretBox: try SecretBox.load(directory: directory, environment: environment))
    }

    /// Opens the store in `directory` with a given secret box.
    public init(directory: DataDirectory, secretBox: SecretBox) throws(PlatformError) {
        let path = directory.file(Self.databaseFileName).path
        do {
            database = try directory.openDatabase(Self.databaseFileName)
            try Self.migrator.migrate(database)
        } catch let error as PlatformError {
            throw error
        } catch {
            throw .store("cannot open \(path): \(error)")
        }
        self.directory = directory
        self.secretBox = secretBox
    }

    /// Adds a connection after checking it against its type; a connection with the same name is an error.
    public func create(_ connection: Connection) async throws {
        let connection = try connection.validated()
        let row = try StoredRow(connection, box: secretBox)
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM connection WHERE name = ?", arguments: [connection.name])
                != nil
            {
                throw ConnectionError.alreadyExists(name: connection.name)
            }
            let now = Date()
            try db.execute(
                sql: """
                    INSERT INTO connection (name, type, module, configs, secret_keys, secrets, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [row.name, row.type, row.module, row.configs, row.secretKeys, row.secrets, now, now])
        }
    }

    /// Changes a stored connection: `change` receives it with its secrets and the result is checked and stored.
    /// A secret set to `******`, `<no-change>` or empty keeps its stored value (promptflow's update rule).
    @discardableResult
    public func update(
        _ name: String, _ change: @escaping @Sendable (inout Connection) throws -> Void
    ) async throws -> StoredConnection {
        let box = secretBox
        return try await write { db in
            guard let stored = try Row.fetchOne(db, sql: "SELECT * FROM connection WHERE name = ?", arguments: [name])
            else { throw ConnectionError.notFound(name: name) }
            let old = try StoredRow.connection(from: stored, box: box)
            var connection = old
            try change(&connection)
            connection.name = name
            for (key, value) in connection.secrets where Self.isUnchangedMarker(value) {
                connection.secrets[key] = old.secrets[key]
            }
            connection = try connection.validated()
            let row = try StoredRow(connection, box: box)
            try db.execute(
                sql: """
                    UPDATE connection SET type = ?, module = ?, configs = ?, secret_keys = ?, secrets = ?, updated_at = ?
                    WHERE name = ?
                    """,
                arguments: [row.type, row.module, row.configs, row.secretKeys, row.secrets, Date(), name])
            return StoredConnection(
                connection: connection, createdAt: stored["created_at"], updatedAt: Date())
        }
    }

    /// Removes a connection; an unknown name is an error.
    public func delete(_ name: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM connection WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw ConnectionError.notFound(name: name) }
        }
    }

    /// Every connection, by name, secrets masked (the master key is not needed).
    public func list() async throws -> [StoredConnection] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connection ORDER BY name").map { try StoredRow.masked(from: $0) }
        }
    }

    /// One connection with its secrets masked, or `ConnectionError.notFound`.
    public func show(_ name: String) async throws -> StoredConnection {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM connection WHERE name = ?", arguments: [name])
            else { throw ConnectionError.notFound(name: name) }
            return try StoredRow.masked(from: row)
        }
    }

    /// The connection with its secrets decrypted, for running a flow; `nil` when no connection has that name.
    public func connection(named name: String) async throws -> Connection? {
        let box = secretBox
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM connection WHERE name = ?", arguments: [name])
                .map { try StoredRow.connection(from: $0, box: box) }
        }
    }

    /// Whether a secret value in an update means "keep what is stored".
    static func isUnchangedMarker(_ value: String) -> Bool {
        value.isEmpty || value == "<no-change>" || value.allSatisfy { $0 == "*" }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.write(body)
        } catch let error as DatabaseError {
            throw PlatformError.store(error.message ?? "\(error.resultCode)")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(body)
        } catch let error as DatabaseError {
            throw PlatformError.store(error.message ?? "\(error.resultCode)")
        }
    }
}
