import ArgumentParser

/// `flowgate principal key create --principal N`: prints the new key, the only time it is shown.
struct PrincipalKeyCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API key for a principal (shown once).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("p"), .long], help: "The principal's name.")
    var principal: String

    func run() async throws {
        let created = try await server.client().json(.POST, "/principals/\(PathSegment.escape(principal))/keys")
        PrincipalTable.emit(created, json: output.json) { value in
            ResourceTable.fields(
                ["id", "prefix", "key"].map { ($0, PrincipalTable.cell(PrincipalTable.field(value, $0))) })
                + "Store the key now: the server keeps only its hash and cannot show it again.\n"
        }
    }
}
