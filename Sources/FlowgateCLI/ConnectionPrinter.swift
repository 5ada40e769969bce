import FlowEngine
import Foundation
import Platform

/// How `flowgate connection` prints connections: JSON in promptflow's shape (fields at the top level,
/// `configs`/`secrets` for custom), or a table. Input is always a masked `StoredConnection`.
enum ConnectionPrinter {
    /// One connection as an indented JSON object.
    static func json(_ stored: StoredConnection) -> String {
        object(stored, indent: "")
    }

    /// A JSON array of connections.
    static func jsonList(_ connections: [StoredConnection]) -> String {
        if connections.isEmpty { return "[]" }
        return "[\n" + connections.map { "  " + object($0, indent: "  ") }.joined(separator: ",\n") + "\n]"
    }

    /// A NAME / TYPE / UPDATED table, one line per connection.
    static func table(_ connections: [StoredConnection]) -> String {
        if connections.isEmpty { return "No connections.\n" }
        let rows =
            [["NAME", "TYPE", "UPDATED"]]
            + connections.map { [$0.connection.name, $0.connection.type, timestamp($0.updatedAt)] }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func object(_ stored: StoredConnection, indent: String) -> String {
        let connection = stored.connection
        var members: [(String, String)] = [
            ("name", quote(connection.name)), ("type", quote(connection.type)), ("module", quote(connection.module)),
        ]
        if connection.schema?.isCustom ?? true {
            members.append(("configs", flat(connection.configs, indent: indent + "  ")))
            members.append(("secrets", flat(connection.secrets, indent: indent + "  ")))
        } else {
            for (key, value) in connection.configs { members.append((key, quote(value))) }
            for (key, value) in connection.secrets { members.append((key, quote(value))) }
        }
        members.append(("created_date", quote(timestamp(stored.createdAt))))
        members.append(("last_modified_date", quote(timestamp(stored.updatedAt))))
        return "{\n" + members.map { "\(indent)  \(quote($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n\(indent)}"
    }

    private static func flat(_ values: ConnectionValues, indent: String) -> String {
        if values.isEmpty { return "{}" }
        return "{\n" + values.map { "\(indent)  \(quote($0.key)): \(quote($0.value))" }.joined(separator: ",\n")
            + "\n\(indent)}"
    }

    private static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
