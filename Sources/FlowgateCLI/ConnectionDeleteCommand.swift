import ArgumentParser
import Platform

/// `flowgate connection delete NAME`: removes a connection.
struct ConnectionDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a connection.")

    @OptionGroup var store: ConnectionStoreOptions

    @Argument(help: "The connection name.")
    var name: String

    func run() async throws {
        if let client = try store.serverClient() {
            try await client.json(.DELETE, "/connections/\(PathSegment.escape(name))")
        } else {
            try await store.openStore().delete(name)
        }
        print("Connection '\(name)' deleted.")
    }
}
