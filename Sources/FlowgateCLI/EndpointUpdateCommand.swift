import ArgumentParser
import FlowSpec
import Platform

/// `flowgate endpoint update --name N --traffic "blue=90 green=10"` (or `--description`, `--tags`, `-f`):
/// changes only what is given; traffic takes effect before the server answers.
struct EndpointUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change an endpoint's traffic, mirror traffic, description or tags.",
        discussion: "With -f, the keys the file sets are sent; flags override them.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The endpoint name (default: the file's name).")
    var name: String?

    @Option(name: [.short, .long], help: "An online endpoint YAML file in Azure ML's keys.", completion: .file())
    var file: String?

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Traffic percentages as DEPLOYMENT=PERCENT, e.g. \"blue=90 green=10\".")
    var traffic: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Mirrored traffic as DEPLOYMENT=PERCENT (at most 50).")
    var mirrorTraffic: [String] = []

    @Option(name: .long, help: "A description.")
    var description: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Tags as KEY=VALUE (space separated); they replace the tags.")
    var tags: [String] = []

    @Option(name: .customLong("set"), help: "PATH=VALUE on the request body (repeatable).")
    var settings: [String] = []

    @Flag(name: .long, help: "Return at once instead of following an operation.")
    var noWait = false

    func validate() throws {
        if file == nil && name == nil { throw ValidationError("Give --name NAME or -f endpoint.yaml.") }
        if file == nil && traffic.isEmpty && mirrorTraffic.isEmpty && description == nil && tags.isEmpty
            && settings.isEmpty
        {
            throw ValidationError(
                "Nothing to change: give --traffic, --mirror-traffic, --description, --tags, --set or -f.")
        }
    }

    /// The endpoint's name and the `PATCH` body.
    func request() throws -> (name: String, body: FlowObject, ignored: [IgnoredKey]) {
        var endpoint = Endpoint(name: name ?? "")
        var keys: Set<String> = []
        var ignored: [IgnoredKey] = []
        if let file {
            let definition = try EndpointDefinition.load(path: file, name: name)
            endpoint = definition.endpoint
            keys = definition.keys.subtracting(["name", "$schema"])
            ignored = definition.ignored
        }
        if !traffic.isEmpty {
            endpoint.traffic = try KeyValueArguments.percentages(traffic, flag: "--traffic")
            keys.insert("traffic")
        }
        if !mirrorTraffic.isEmpty {
            endpoint.mirrorTraffic = try KeyValueArguments.percentages(mirrorTraffic, flag: "--mirror-traffic")
            keys.insert("mirror_traffic")
        }
        if let description {
            endpoint.description = description
            keys.insert("description")
        }
        if !tags.isEmpty {
            endpoint.tags = try KeyValueArguments.strings(tags, flag: "--tags")
            keys.insert("tags")
        }
        var body = ResourceJSON.endpoint(endpoint, keys: keys)
        try KeyValueArguments.apply(settings, to: &body)
        return (endpoint.name, body, ignored)
    }

    func run() async throws {
        let (name, body, ignored) = try request()
        IgnoredKeys.report(ignored)
        let client = try server.client()
        let path = "/endpoints/\(PathSegment.escape(name))"
        let updated = try await client.json(.PATCH, path, body: .object(body))
        let final = try await client.settle(updated, path: path, noWait: noWait, title: "Updating endpoint \(name)")
        ResourcePrinter.endpoint(final ?? updated, json: output.json)
    }
}
