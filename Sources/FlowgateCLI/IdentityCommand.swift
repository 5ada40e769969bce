import ArgumentParser

/// `flowgate identity …`: user-assigned identities that endpoints act as when they read connection secrets;
/// grant them roles with `flowgate role-assignment create --principal NAME`.
struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity", abstract: "Manage the user-assigned identities endpoints act as.",
        subcommands: [IdentityCreateCommand.self, IdentityListCommand.self, IdentityDeleteCommand.self])
}
