import ArgumentParser

/// `flowgate principal show --name N`.
struct PrincipalShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a principal.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The principal's name.")
    var name: String

    func run() async throws {
        let shown = try await server.client().json(.GET, "/principals/\(PathSegment.escape(name))")
        PrincipalTable.emit(shown, json: output.json, table: PrincipalTable.principal)
    }
}
