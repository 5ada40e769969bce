import ArgumentParser

/// `flowgate role-assignment …`: who holds which role where (`/`, `/endpoints/NAME`, `/connections/NAME`).
struct RoleAssignmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role-assignment", abstract: "Give roles to principals at a scope, list and remove them.",
        subcommands: [
            RoleAssignmentCreateCommand.self, RoleAssignmentListCommand.self, RoleAssignmentDeleteCommand.self,
        ])
}
