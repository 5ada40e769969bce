import ArgumentParser
import Foundation
import Platform

/// The options every `flowgate connection` command shares: the local store's data directory, or a Flowgate
/// server (`--server URL` or `$FLOWGATE_SERVER`) whose connections the commands manage instead.
struct ConnectionStoreOptions: ParsableArguments {
    @Option(
        name: .long, help: "The data directory (default: $FLOWGATE_HOME, else ~/.flowgate).", completion: .directory)
    var dataDir: String?

    @Option(name: .long, help: "Manage the connections of this Flowgate server instead (default: $FLOWGATE_SERVER).")
    var server: String?

    @Option(
        name: .long,
        help: "The server's admin API key (default: $FLOWGATE_API_KEY, else admin.key in the data directory).")
    var apiKey: String?

    /// Opens the store, creating the directory, database and master key on first use.
    func openStore() throws -> LocalConnectionStore {
        try LocalConnectionStore(directory: DataDirectory.resolve(explicit: dataDir))
    }

    /// The server's client when one is named (`--server`, `$FLOWGATE_SERVER`); `nil` means the local store.
    func serverClient(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ManagementClient? {
        guard ServerTarget.isNamed(server: server, environment: environment) else { return nil }
        return ManagementClient(
            target: try ServerTarget.discover(
                server: server, apiKey: apiKey, dataDir: dataDir, environment: environment))
    }
}
