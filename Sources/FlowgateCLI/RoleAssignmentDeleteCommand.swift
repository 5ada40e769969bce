import ArgumentParser

/// `flowgate role-assignment delete --id I`: the role stops granting at once.
struct RoleAssignmentDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove a role assignment.")

    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: "The assignment's id (from 'role-assignment list').")
    var id: String

    func run() async throws {
        try await server.client().json(.DELETE, "/role-assignments/\(PathSegment.escape(id))")
        print("Role assignment '\(id)' removed.")
    }
}
