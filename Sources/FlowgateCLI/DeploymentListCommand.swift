import ArgumentParser

/// `flowgate deployment list -e E`: the endpoint's deployments with state, instances and snapshot.
struct DeploymentListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an endpoint's deployments.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("e"), .long, .customLong("endpoint")], help: "The endpoint name.")
    var endpointName: String

    func run() async throws {
        let list = try await server.client().json(.GET, "/endpoints/\(PathSegment.escape(endpointName))/deployments")
        ResourcePrinter.list(list, json: output.json, table: ResourceTable.deployments)
    }
}
