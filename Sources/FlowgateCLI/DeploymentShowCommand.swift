import ArgumentParser

/// `flowgate deployment show -e E -n N`: one deployment's state, snapshot, settings and latest operation.
struct DeploymentShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one deployment.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The deployment name.")
    var name: String

    @Option(name: [.customShort("e"), .long, .customLong("endpoint")], help: "The endpoint name.")
    var endpointName: String

    func run() async throws {
        let path = "/endpoints/\(PathSegment.escape(endpointName))/deployments/\(PathSegment.escape(name))"
        ResourcePrinter.deployment(try await server.client().json(.GET, path), json: output.json)
    }
}
