import ArgumentParser
import FlowEngine
import Foundation
import Platform

/// The options every `flowgate run` command shares: the data directory whose `runs/` folder holds the runs, or a
/// Flowgate server (`--server URL` or `$FLOWGATE_SERVER`) whose runs the commands create and read instead.
struct RunFolderOptions: ParsableArguments {
    @Option(
        name: .long, help: "The data directory (default: $FLOWGATE_HOME, else ~/.flowgate).", completion: .directory)
    var dataDir: String?

    @Option(name: .long, help: "Run on this Flowgate server instead (default: $FLOWGATE_SERVER).")
    var server: String?

    @Option(
        name: .long,
        help: "The server's admin API key (default: $FLOWGATE_API_KEY, else admin.key in the data directory).")
    var apiKey: String?

    /// `<data dir>/runs`.
    var runsDirectory: URL { DataDirectory.resolve(explicit: dataDir).file("runs") }

    /// The folder of run `name`, or a CLI error naming it when there is none.
    func folder(_ name: String) throws -> BulkRunFolder {
        let url = runsDirectory.appendingPathComponent(name)
        guard BulkRunFolder.isValidName(name),
            FileManager.default.fileExists(atPath: url.appendingPathComponent("run.json").path)
        else { throw CLIError("No run named '\(name)' in \(runsDirectory.path).") }
        return BulkRunFolder(url: url)
    }

    /// The server's client when one is named (`--server`, `$FLOWGATE_SERVER`); `nil` means local runs.
    func serverClient(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ManagementClient? {
        guard ServerTarget.isNamed(server: server, environment: environment) else { return nil }
        return ManagementClient(
            target: try ServerTarget.discover(
                server: server, apiKey: apiKey, dataDir: dataDir, environment: environment))
    }
}
