import ArgumentParser

/// The flags `deployment create` and `update` share: which deployment, its file, flow and settings.
struct DeploymentOptions: ParsableArguments {
    @Option(name: [.customShort("n"), .long], help: "The deployment name (default: the file's name).")
    var name: String?

    @Option(
        name: [.customShort("e"), .long, .customLong("endpoint")],
        help: "The endpoint name (default: the file's endpoint_name).")
    var endpointName: String?

    @Option(name: [.short, .long], help: "An online deployment YAML file in Azure ML's keys.", completion: .file())
    var file: String?

    @Option(
        name: [.customLong("flow"), .customLong("model")], help: "The flow folder to deploy (uploaded as a snapshot).",
        completion: .directory)
    var flow: String?

    @Option(name: .long, help: "Deploy the flow snapshot (and variant) of this completed run on the server.")
    var run: String?

    @Option(name: .long, help: "The variant to deploy, as ${node.variant_id} (default: the run's, else the flow's).")
    var variant: String?

    @Option(name: .long, help: "How many instances to run.")
    var instanceCount: Int?

    @Option(
        name: .long,
        help: "A requirements file whose text builds the environment instead of the flow's requirements.txt.",
        completion: .file())
    var requirementsFile: String?

    @Flag(
        name: .long, help: "Build the environment from the flow's requirements.txt again (drops custom requirements).")
    var flowRequirements = false

    @Option(name: .long, help: "A description.")
    var description: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Tags as KEY=VALUE (space separated).")
    var tags: [String] = []

    @Option(
        name: .customLong("set"),
        help: "PATH=VALUE on the request body, e.g. request_settings.request_timeout_ms=10000 (repeatable).")
    var settings: [String] = []

    @Flag(name: .long, help: "Return at once instead of following the operation.")
    var noWait = false
}
