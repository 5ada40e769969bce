import ArgumentParser
import Platform

/// The option every `flowgate connection` command shares: where the store lives.
struct ConnectionStoreOptions: ParsableArguments {
    @Option(
        name: .long, help: "The data directory (default: $FLOWGATE_HOME, else ~/.flowgate).", completion: .directory)
    var dataDir: String?

    /// Opens the store, creating the directory, database and master key on first use.
    func openStore() throws -> LocalConnectionStore {
        try LocalConnectionStore(directory: DataDirectory.resolve(explicit: dataDir))
    }
}
