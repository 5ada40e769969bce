import FlowEngine
import Foundation
import GRDB

/// One connection as the `connection` table holds it: configs and secret keys as JSON text, secrets sealed.
/// Converting back checks the JSON, so a damaged row is a clear store error rather than a wrong connection.
struct StoredRow {
    let name: String
    let type: String
    let module: String
    let configs: String
    let secretKeys: String
    let secrets: Data

    init(_ connection: Connection, box: SecretBox) throws {
        name = connection.name
        type = connection.type
        module = connection.module
        configs = Self.encode(connection.configs.map { [$0.key, $0.value] })
        secretKeys = Self.encode(connection.secrets.keys)
        let plaintext = Data(Self.encode(connection.secrets.map { [$0.key, $0.value] }).utf8)
        secrets = try box.seal(plaintext, context: connection.name)
    }

    /// The connection with secrets opened by `box`.
    static func connection(from row: Row, box: SecretBox) throws -> Connection {
        var connection = try masked(from: row).connection
        let name: String = row["name"]
        let plaintext = try box.open(row["secrets"], context: name)
        connection.secrets = try values(from: String(decoding: plaintext, as: UTF8.self), column: "secrets", name)
        return connection
    }

    /// The connection with secrets masked, read without the key.
    static func masked(from row: Row) throws -> StoredConnection {
        let name: String = row["name"]
        var connection = Connection(name: name, type: row["type"], module: row["module"])
        connection.configs = try values(from: row["configs"], column: "configs", name)
        let keys = try JSONDecoder().decode([String].self, from: Data((row["secret_keys"] as String).utf8))
        connection.secrets = ConnectionValues(keys.map { ($0, Connection.maskedValue) })
        return StoredConnection(connection: connection, createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    private static func values(from json: String, column: String, _ name: String) throws -> ConnectionValues {
        guard let pairs = try? JSONDecoder().decode([[String]].self, from: Data(json.utf8)),
            pairs.allSatisfy({ $0.count == 2 })
        else { throw PlatformError.store("the \(column) of connection '\(name)' are damaged.") }
        return ConnectionValues(pairs.map { ($0[0], $0[1]) })
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        // Arrays of strings always encode.
        return String(decoding: (try? encoder.encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
