import ArgumentParser

/// `flowgate identity list`: user-assigned identities and the endpoints' system-assigned ones (`endpoint:NAME`).
struct IdentityListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List identities.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let list = try await server.client().json(.GET, "/identities")
        ResourcePrinter.list(list, json: output.json, table: PrincipalTable.principals)
    }
}
