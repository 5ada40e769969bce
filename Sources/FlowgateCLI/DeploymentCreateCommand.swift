import ArgumentParser
import FlowSpec

/// `flowgate deployment create -e E -n N --flow ./dir [--all-traffic]` (or `-f deployment.yaml`): uploads the flow,
/// creates the deployment, follows it to `Succeeded` and, with `--all-traffic`, sends all traffic to it.
struct DeploymentCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Deploy a flow folder behind an endpoint, from flags or Azure ML's online deployment YAML (-f).",
        discussion: "Flags override the file's values. Azure-only keys (instance_type, environment, …) are accepted "
            + "and listed as ignored.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var options: DeploymentOptions

    @Flag(name: .long, help: "Once it is Succeeded, send 100% of the endpoint's traffic to this deployment.")
    var allTraffic = false

    func validate() throws {
        if options.file == nil {
            if options.name == nil { throw ValidationError("Give --name NAME or -f deployment.yaml.") }
            if options.endpointName == nil { throw ValidationError("Give --endpoint-name NAME or -f deployment.yaml.") }
            if options.flow == nil && options.run == nil {
                throw ValidationError("Give --flow PATH (the flow folder), --run RUN or -f deployment.yaml.")
            }
        }
        if allTraffic && options.noWait {
            throw ValidationError("--all-traffic waits for the deployment to succeed; drop --no-wait.")
        }
    }

    func run() async throws {
        let request = try DeploymentRequest(options, creating: true)
        IgnoredKeys.report(request.ignored)
        let client = try server.client()
        let endpointPath = "/endpoints/\(PathSegment.escape(request.deployment.endpointName))"
        // A missing endpoint is reported before the flow is packed and uploaded.
        _ = try await client.json(.GET, endpointPath)
        let snapshotID = try await request.upload(with: client)
        let created = try await client.json(
            .POST, endpointPath + "/deployments", body: .object(try request.body(snapshotID: snapshotID)))
        IgnoredKeys.report(server: created)
        let final = try await client.settle(
            created, path: request.path, noWait: options.noWait,
            title: "Creating deployment \(request.deployment.endpointName)/\(request.deployment.name)")
        if allTraffic {
            let endpoint = try await client.json(.GET, endpointPath)
            let traffic = Self.allTraffic(to: request.deployment.name, current: endpoint.objectValue?["traffic"])
            try await client.json(.PATCH, endpointPath, body: .object(["traffic": traffic]))
            printError("Traffic: \(request.deployment.name)=100")
        }
        ResourcePrinter.deployment(final ?? created, json: output.json)
    }

    /// Every deployment that had traffic set to 0, this one to 100 (so the percentages sum to 100).
    static func allTraffic(to name: String, current: FlowValue?) -> FlowValue {
        var traffic: [String: Int] = [:]
        for key in current?.objectValue?.keys ?? [] { traffic[key] = 0 }
        traffic[name] = 100
        return ResourceJSON.numbers(traffic)
    }
}
