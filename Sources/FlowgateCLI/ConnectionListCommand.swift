import ArgumentParser
import Platform

/// `flowgate connection list [--json]`: every connection's name and type (secrets never shown).
struct ConnectionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List connections as a table, or as JSON with --json.")

    @OptionGroup var store: ConnectionStoreOptions

    @Flag(name: .long, help: "Print a JSON array of connections (secrets masked) instead of a table.")
    var json = false

    func run() async throws {
        if let client = try store.serverClient() {
            let list = try await client.json(.GET, "/connections").objectValue?["value"]?.listValue ?? []
            print(json ? PrettyJSON.text(.list(list)) : ConnectionJSON.table(list), terminator: json ? "\n" : "")
            return
        }
        let connections = try await store.openStore().list()
        if json {
            print(ConnectionPrinter.jsonList(connections))
        } else {
            print(ConnectionPrinter.table(connections), terminator: "")
        }
    }
}
