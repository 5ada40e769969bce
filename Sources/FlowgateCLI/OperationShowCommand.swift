import ArgumentParser

/// `flowgate operation show ID`: one operation with each stage's status, times and message.
struct OperationShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one operation and its stages.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The operation id (latest_operation_id of an endpoint or deployment).")
    var id: String

    func run() async throws {
        ResourcePrinter.operation(
            try await server.client().json(.GET, "/operations/\(PathSegment.escape(id))"), json: output.json)
    }
}
