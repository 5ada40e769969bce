import ArgumentParser
import Foundation

/// The options every command that talks to a Flowgate server shares: which server, which admin key, which data
/// directory holds `server.json` and `admin.key`.
struct ServerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The server's URL (default: $FLOWGATE_SERVER, else server.json's url, else http://127.0.0.1:8080).")
    var server: String?

    @Option(name: .long, help: "The admin API key (default: $FLOWGATE_API_KEY, else admin.key in the data directory).")
    var apiKey: String?

    @Option(
        name: .long,
        help: "The data directory with server.json and admin.key (default: $FLOWGATE_HOME, else ~/.flowgate).",
        completion: .directory)
    var dataDir: String?

    /// The client for the server these options name, found in `environment`.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ManagementClient {
        ManagementClient(
            target: try ServerTarget.discover(
                server: server, apiKey: apiKey, dataDir: dataDir, environment: environment))
    }
}
