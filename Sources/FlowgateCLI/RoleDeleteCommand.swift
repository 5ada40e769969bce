import ArgumentParser

/// `flowgate role delete --name N`: a custom role that no assignment uses.
struct RoleDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a custom role.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The role's name.")
    var name: String

    func run() async throws {
        try await server.client().json(.DELETE, "/roles/\(PathSegment.escape(name))")
        print("Role '\(name)' deleted.")
    }
}
