import ArgumentParser

/// `flowgate principal key list --principal N`: ids, prefixes, creation and last use; never the keys.
struct PrincipalKeyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a principal's keys.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("p"), .long], help: "The principal's name.")
    var principal: String

    func run() async throws {
        let list = try await server.client().json(.GET, "/principals/\(PathSegment.escape(principal))/keys")
        ResourcePrinter.list(list, json: output.json, table: PrincipalTable.keys)
    }
}
