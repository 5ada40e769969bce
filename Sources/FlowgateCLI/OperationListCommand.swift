import ArgumentParser

/// `flowgate operation list [-e E] [--limit 50]`: recent operations, newest first as the server orders them.
struct OperationListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List recent operations.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("e"), .long, .customLong("endpoint")], help: "Only this endpoint's operations.")
    var endpointName: String?

    @Option(name: .long, help: "At most this many.")
    var limit: Int = 50

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    var path: String {
        "/operations?" + (endpointName.map { "endpoint=\(PathSegment.escape($0))&" } ?? "") + "limit=\(limit)"
    }

    func run() async throws {
        ResourcePrinter.list(
            try await server.client().json(.GET, path), json: output.json, table: ResourceTable.operations)
    }
}
