import ArgumentParser

/// `flowgate deployment delete -e E -n N`: stops and removes a deployment (one with live traffic must be set to 0
/// first, as in Azure).
struct DeploymentDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a deployment (its traffic must be 0).")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The deployment name.")
    var name: String

    @Option(name: [.customShort("e"), .long, .customLong("endpoint")], help: "The endpoint name.")
    var endpointName: String

    @Flag(name: [.short, .long], help: "Accepted for az compatibility; Flowgate does not ask.")
    var yes = false

    @Flag(name: .long, help: "Return at once instead of following the operation.")
    var noWait = false

    func run() async throws {
        let client = try server.client()
        let path = "/endpoints/\(PathSegment.escape(endpointName))/deployments/\(PathSegment.escape(name))"
        let deleting = try await client.json(.DELETE, path)
        if noWait {
            print("Deleting deployment '\(endpointName)/\(name)'.")
            return
        }
        _ = try await client.settle(deleting, path: path, noWait: false, title: "Deleting deployment \(name)")
        print("Deployment '\(endpointName)/\(name)' deleted.")
    }
}
