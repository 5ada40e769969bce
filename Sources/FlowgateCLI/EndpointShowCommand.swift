import ArgumentParser

/// `flowgate endpoint show --name N`: one endpoint's state, traffic, URIs and latest operation.
struct EndpointShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one endpoint.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The endpoint name.")
    var name: String

    func run() async throws {
        let endpoint = try await server.client().json(.GET, "/endpoints/\(PathSegment.escape(name))")
        ResourcePrinter.endpoint(endpoint, json: output.json)
    }
}
