import ArgumentParser

/// `flowgate connection …`: the local connection store (secrets encrypted at rest under the master key), or a
/// Flowgate server's connections when `--server` or `$FLOWGATE_SERVER` names one.
struct ConnectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection",
        abstract: "Manage the connections flows use (API keys and endpoints), stored encrypted on this machine.",
        discussion: """
            Connections live in connections.sqlite under the data directory (--data-dir, else $FLOWGATE_HOME, \
            else ~/.flowgate). Secrets are encrypted with AES-GCM under master.key there, or under \
            $FLOWGATE_MASTER_KEY (base64 of 32 bytes) when set; they are shown as ******. With --server URL \
            (or $FLOWGATE_SERVER) the commands manage that Flowgate server's connections instead.
            """,
        subcommands: [
            ConnectionCreateCommand.self, ConnectionListCommand.self, ConnectionShowCommand.self,
            ConnectionUpdateCommand.self, ConnectionDeleteCommand.self,
        ])
}
