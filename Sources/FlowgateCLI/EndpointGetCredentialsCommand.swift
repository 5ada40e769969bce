import ArgumentParser

/// `flowgate endpoint get-credentials --name N`: the endpoint's primary and secondary keys, the one command
/// that prints secrets (it is its job).
struct EndpointGetCredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-credentials", abstract: "Print the endpoint's scoring keys (primaryKey, secondaryKey).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The endpoint name.")
    var name: String

    func run() async throws {
        let keys = try await server.client().json(.POST, "/endpoints/\(PathSegment.escape(name))/get-credentials")
        if output.json {
            print(PrettyJSON.text(keys))
        } else {
            let object = keys.objectValue ?? [:]
            print(ResourceTable.fields(object.map { ($0.key, ResourceTable.text($0.value)) }), terminator: "")
        }
    }
}
