import ArgumentParser

/// `flowgate role-assignment create --role R --principal P [--scope S]`; takes effect for the next request.
struct RoleAssignmentCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Give a role to a principal at a scope.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "The role's name (e.g. Reader, Contributor, 'Connection Secrets Reader').")
    var role: String

    @Option(
        name: [.customShort("p"), .long, .customLong("assignee")],
        help: "The principal's or identity's name (--assignee, as az role assignment create spells it).")
    var principal: String

    @Option(name: .long, help: "/, /endpoints/NAME or /connections/NAME.")
    var scope: String = "/"

    func run() async throws {
        let created = try await server.client().json(
            .POST, "/role-assignments",
            body: ["role": .string(role), "principal": .string(principal), "scope": .string(scope)])
        PrincipalTable.emit(created, json: output.json, table: PrincipalTable.assignment)
    }
}
