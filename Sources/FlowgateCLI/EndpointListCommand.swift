import ArgumentParser

/// `flowgate endpoint list`: every endpoint with its state, auth mode, traffic and scoring URI.
struct EndpointListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List endpoints.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let list = try await server.client().json(.GET, "/endpoints")
        ResourcePrinter.list(list, json: output.json, table: ResourceTable.endpoints)
    }
}
