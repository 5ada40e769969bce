import ArgumentParser

/// `flowgate principal key …`: a principal's API keys (the key is shown once, at creation).
struct PrincipalKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage a principal's API keys.",
        subcommands: [PrincipalKeyCreateCommand.self, PrincipalKeyListCommand.self, PrincipalKeyRevokeCommand.self])
}
