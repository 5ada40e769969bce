import ArgumentParser

/// `flowgate endpoint delete --name N`: deletes the endpoint with its deployments and keys.
struct EndpointDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete an endpoint and its deployments.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The endpoint name.")
    var name: String

    @Flag(name: [.short, .long], help: "Accepted for az compatibility; Flowgate does not ask.")
    var yes = false

    @Flag(name: .long, help: "Return at once instead of following the operation.")
    var noWait = false

    func run() async throws {
        let client = try server.client()
        let path = "/endpoints/\(PathSegment.escape(name))"
        let deleting = try await client.json(.DELETE, path)
        if noWait {
            print("Deleting endpoint '\(name)'.")
            return
        }
        _ = try await client.settle(deleting, path: path, noWait: false, title: "Deleting endpoint \(name)")
        print("Endpoint '\(name)' deleted.")
    }
}
