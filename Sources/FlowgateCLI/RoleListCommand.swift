import ArgumentParser

/// `flowgate role list`: built-in roles first, then custom ones.
struct RoleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List roles.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let list = try await server.client().json(.GET, "/roles")
        ResourcePrinter.list(list, json: output.json, table: PrincipalTable.roles)
    }
}
