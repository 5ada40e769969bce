import ArgumentParser
import FlowEngine
import Foundation
import Platform

/// The option every `flowgate run` command shares: the data directory whose `runs/` folder holds the runs.
struct RunFolderOptions: ParsableArguments {
    @Option(
        name: .long, help: "The data directory (default: $FLOWGATE_HOME, else ~/.flowgate).", completion: .directory)
    var dataDir: String?

    /// `<data dir>/runs`.
    var runsDirectory: URL { DataDirectory.resolve(explicit: dataDir).file("runs") }

    /// The folder of run `name`, or a CLI error naming it when there is none.
    func folder(_ name: String) throws -> BulkRunFolder {
        let url = runsDirectory.appendingPathComponent(name)
        guard BulkRunFolder.isValidName(name), FileManager.default.fileExists(atPath: url.appendingPathComponent("run.json").path)
        else { throw CLIError("No run named '\(name)' in \(runsDirectory.path).") }
        return BulkRunFolder(url: url)
    }
}
