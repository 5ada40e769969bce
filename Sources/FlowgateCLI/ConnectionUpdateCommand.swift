import ArgumentParser
import FlowEngine
import FlowSpec
import Foundation
import Platform

/// `flowgate connection update NAME --set k=v` or `-f conn.yaml`: changes a stored connection.
struct ConnectionUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a connection's values with --set KEY=VALUE, or replace them from a YAML file.",
        discussion: """
            With -f, the file's values replace the stored ones; a secret written ****** (as show prints it) \
            or <no-change> keeps its stored value. --set applies after the file.
            """)

    @OptionGroup var store: ConnectionStoreOptions

    @Argument(help: "The connection name.")
    var name: String

    @Option(name: [.short, .customLong("file")], help: "A promptflow connection YAML file.", completion: .file())
    var file: String?

    @Option(name: .customLong("set"), help: "KEY=VALUE to set (repeatable).")
    var settings: [String] = []

    func validate() throws {
        if file == nil && settings.isEmpty { throw ValidationError("Give --set KEY=VALUE or -f FILE.") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if let client = try store.serverClient(environment: environment) {
            // On a server the update is a PATCH: the file's fields, then --set, each replacing one stored value.
            var body = FlowObject()
            if let file {
                let document = try ConnectionDocument.load(path: file, name: name, environment: environment)
                body = ConnectionJSON.body(document.connection)
            }
            for (key, value) in try ConnectionJSON.patch(settings) {
                if let nested = value.objectValue, var merged = body[key]?.objectValue {
                    for (entry, item) in nested { merged[entry] = item }
                    body[key] = .object(merged)
                } else {
                    body[key] = value
                }
            }
            print(
                PrettyJSON.text(
                    try await client.json(.PATCH, "/connections/\(PathSegment.escape(name))", body: .object(body))))
            return
        }
        let store = try store.openStore()
        let replacement = try file.map { try ConnectionDocument.load(path: $0, name: name, environment: environment) }
        let settings = settings
        let updated = try await store.update(name) { connection in
            if let replacement {
                guard replacement.connection.type == connection.type else {
                    throw ConnectionError.invalid(
                        connection: connection.name,
                        reason: "its type is \(connection.type); the file has \(replacement.connection.type). "
                            + "Delete and create it to change the type.")
                }
                connection = replacement.connection
            }
            try ConnectionDocument.apply(settings, to: &connection)
            try ConnectionDocument.resolveEnvironment(&connection, environment: environment)
        }
        print(ConnectionPrinter.json(updated))
    }
}
