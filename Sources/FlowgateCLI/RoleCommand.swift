import ArgumentParser

/// `flowgate role …`: built-in and custom roles (lists of actions with `*` wildcards).
struct RoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "List built-in roles and manage custom ones.",
        subcommands: [RoleListCommand.self, RoleCreateCommand.self, RoleDeleteCommand.self])
}
