import ArgumentParser

/// `flowgate principal list`: the built-in admin and every stored principal.
struct PrincipalListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List principals.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let list = try await server.client().json(.GET, "/principals")
        ResourcePrinter.list(list, json: output.json, table: PrincipalTable.principals)
    }
}
