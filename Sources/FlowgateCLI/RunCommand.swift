import ArgumentParser

/// `flowgate run`: bulk test runs of a flow over a JSONL data file, and their records.
/// Runs live under `<data dir>/runs/<name>/` (data dir: --data-dir, $FLOWGATE_HOME, ~/.flowgate).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a flow over a data file (bulk test run) and inspect past runs.",
        subcommands: [RunCreateCommand.self, RunShowCommand.self, RunListCommand.self])
}
