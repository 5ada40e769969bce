import ArgumentParser

/// `flowgate endpoint get-credentials --name N`: the endpoint's primary and secondary keys, or for an
/// `aml_token` endpoint a fresh token with its expiry and refresh times; the one command that prints secrets.
struct EndpointGetCredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-credentials",
        abstract: "Print the endpoint's scoring keys, or a fresh token for an aml_token endpoint.")

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
            let order = [
                "primaryKey", "secondaryKey", "accessToken", "tokenType", "expiryTimeUtc", "refreshAfterTimeUtc",
            ]
            let known = order.compactMap { name in object[name].map { (name, ResourceTable.text($0)) } }
            let others = object.filter { !order.contains($0.key) }.sorted { $0.key < $1.key }
            let rows = known + others.map { ($0.key, ResourceTable.text($0.value)) }
            print(ResourceTable.fields(rows), terminator: "")
        }
    }
}
