import ArgumentParser
import FlowSpec
import Foundation
import Platform

/// `flowgate endpoint create --name N [--auth-mode key] [-f endpoint.yaml]`: creates an endpoint and, unless
/// `--no-wait`, follows its operation to `Succeeded`.
struct EndpointCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an endpoint from flags or from Azure ML's online endpoint YAML (-f).",
        discussion:
            "Flags override the file's values. Azure-only keys (compute, location, …) are accepted and listed as ignored."
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The endpoint name (3–32 letters, digits, dashes).")
    var name: String?

    @Option(name: [.short, .long], help: "An online endpoint YAML file in Azure ML's keys.", completion: .file())
    var file: String?

    @Option(name: .long, help: "key or aml_token (token).")
    var authMode: String?

    @Option(name: .long, help: "A description.")
    var description: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Tags as KEY=VALUE (space separated).")
    var tags: [String] = []

    @Option(
        name: .customLong("set"),
        help:
            "PATH=VALUE on the request body, e.g. properties.enforce_access_to_default_secret_stores=enabled (repeatable)."
    )
    var settings: [String] = []

    @Flag(name: .long, help: "Return at once instead of following the operation.")
    var noWait = false

    func validate() throws {
        if file == nil && name == nil { throw ValidationError("Give --name NAME or -f endpoint.yaml.") }
        if let authMode, AuthMode(parsing: authMode) == nil {
            throw ValidationError("--auth-mode is '\(authMode)'; use key or aml_token.")
        }
    }

    /// The `POST /endpoints` body and the file's ignored keys.
    func request() throws -> (body: FlowObject, ignored: [IgnoredKey]) {
        var endpoint = Endpoint(name: name ?? "")
        var keys: Set<String> = ["name"]
        var ignored: [IgnoredKey] = []
        if let file {
            let definition = try EndpointDefinition.load(path: file, name: name)
            endpoint = definition.endpoint
            keys.formUnion(definition.keys)
            ignored = definition.ignored
        }
        if let authMode, let mode = AuthMode(parsing: authMode) {
            endpoint.authMode = mode
            keys.insert("auth_mode")
        }
        if let description {
            endpoint.description = description
            keys.insert("description")
        }
        if !tags.isEmpty {
            endpoint.tags.merge(try KeyValueArguments.strings(tags, flag: "--tags")) { $1 }
            keys.insert("tags")
        }
        var body = ResourceJSON.endpoint(endpoint, keys: keys)
        try KeyValueArguments.apply(settings, to: &body)
        return (body, ignored)
    }

    func run() async throws {
        let (body, ignored) = try request()
        IgnoredKeys.report(ignored)
        let client = try server.client()
        let created = try await client.json(.POST, "/endpoints", body: .object(body))
        IgnoredKeys.report(server: created)
        let name = created.objectValue?["name"]?.stringValue ?? body["name"]?.stringValue ?? ""
        let final = try await client.settle(
            created, path: "/endpoints/\(PathSegment.escape(name))", noWait: noWait,
            title: "Creating endpoint \(name)")
        ResourcePrinter.endpoint(final ?? created, json: output.json)
    }
}
