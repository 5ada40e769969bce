import ArgumentParser

/// `flowgate principal …`: users and service principals that call the management API, and their API keys.
struct PrincipalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principal", abstract: "Manage the users and service principals that call the server.",
        subcommands: [
            PrincipalCreateCommand.self, PrincipalListCommand.self, PrincipalShowCommand.self,
            PrincipalDeleteCommand.self, PrincipalKeyCommand.self,
        ])
}
