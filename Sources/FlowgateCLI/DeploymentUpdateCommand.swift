import ArgumentParser

/// `flowgate deployment update -e E -n N [--flow ./dir] [--instance-count 2] [-f deployment.yaml]`: changes what is
/// given; the server starts the new instances before it stops the old ones.
struct DeploymentUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a deployment: its flow (uploaded again), instance count, settings or tags.",
        discussion: "With -f, the keys the file sets are sent (its model is uploaded); flags override them.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var options: DeploymentOptions

    func validate() throws {
        if options.file == nil {
            if options.name == nil { throw ValidationError("Give --name NAME or -f deployment.yaml.") }
            if options.endpointName == nil { throw ValidationError("Give --endpoint-name NAME or -f deployment.yaml.") }
            if options.flow == nil && options.run == nil && options.variant == nil && options.instanceCount == nil
                && options.description == nil && options.requirementsFile == nil && !options.flowRequirements
                && options.tags.isEmpty && options.settings.isEmpty
            {
                throw ValidationError(
                    "Nothing to change: give --flow, --instance-count, --description, --tags, --requirements-file, "
                        + "--flow-requirements, --set or -f.")
            }
        }
    }

    func run() async throws {
        let request = try DeploymentRequest(options, creating: false)
        IgnoredKeys.report(request.ignored)
        let client = try server.client()
        let snapshotID = try await request.upload(with: client)
        let updated = try await client.json(
            .PATCH, request.path, body: .object(try request.body(snapshotID: snapshotID)))
        let final = try await client.settle(
            updated, path: request.path, noWait: options.noWait,
            title: "Updating deployment \(request.deployment.endpointName)/\(request.deployment.name)")
        ResourcePrinter.deployment(final ?? updated, json: output.json)
    }
}
