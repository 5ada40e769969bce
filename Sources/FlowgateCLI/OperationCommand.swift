import ArgumentParser

/// `flowgate operation list|show`: the server's activity list, each create/update/delete with its stages.
struct OperationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operation",
        abstract: "Show the server's operations (creates, updates, deletes) and their stages.",
        subcommands: [OperationListCommand.self, OperationShowCommand.self])
}
