import ArgumentParser
import Platform

/// `flowgate connection show NAME`: one connection as JSON, secrets masked as `******`.
struct ConnectionShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one connection as JSON (secrets masked as ******).")

    @OptionGroup var store: ConnectionStoreOptions

    @Argument(help: "The connection name.")
    var name: String

    func run() async throws {
        if let client = try store.serverClient() {
            print(PrettyJSON.text(try await client.json(.GET, "/connections/\(PathSegment.escape(name))")))
            return
        }
        print(ConnectionPrinter.json(try await store.openStore().show(name)))
    }
}
