import FlowSpec
import Foundation
import Jinja
import LLM

/// Runs a `.prompty` flow: every input's role markers escaped, the template rendered and parsed as prompty does,
/// one chat or completion call. The answer is the content (`response: first`), parsed when the response format
/// is a JSON object, or the whole response body's first choice message (`response: all`).
struct PromptyRunner: Sendable {
    let spec: PromptySpec
    let template: Template
    let endpoint: LLMEndpoint
    let arguments: [String: JSONValue]
    let client: LLMClient

    static func prepare(
        _ flow: Flow, connections: (any ConnectionProvider)?, client: LLMClient,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> PromptyRunner {
        guard let spec = flow.prompty else { throw FlowRunError.system("The flow has no prompty definition.") }
        let template: Template
        do {
            template = try Environment(loader: FileSystemLoader(root: flow.directory))
                .template(source: ChatPromptParser.preprocessTemplate(spec.template), name: spec.file)
        } catch {
            throw FlowRunError.user("The template of '\(spec.file)' does not load: \(error)")
        }
        let configuration = spec.model.configuration
        func setting(_ key: String) throws -> String? {
            guard let value = configuration[key]?.stringValue, !value.isEmpty else { return nil }
            do {
                return try ConnectionResolver.expand(value, key: key, spec.file, environment)
            } catch {
                throw FlowRunError.user("\(spec.file): model.configuration.\(key): \(error)")
            }
        }
        let endpoint: LLMEndpoint
        if let name = try setting("connection") {
            guard let connections, let connection = try await connections.connection(named: name) else {
                throw FlowRunError.user("Connection '\(name)' required by '\(spec.file)' is not found.")
            }
            endpoint = try LLMEndpoint.from(connection, node: spec.file)
        } else if (try setting("type")) == "azure_openai" {
            endpoint = .azure(
                apiBase: try setting("azure_endpoint") ?? "", apiKey: try setting("api_key") ?? "",
                apiVersion: try setting("api_version") ?? "2024-02-01")
        } else {
            endpoint = .openAI(
                apiKey: try setting("api_key") ?? "", organization: try setting("organization"),
                baseURL: try setting("base_url"))
        }
        var arguments: [String: JSONValue] = [:]
        for (key, value) in spec.model.parameters { arguments[key] = value.jsonValue }
        if let model = try setting("model") { arguments["model"] = .string(model) }
        if let deployment = try setting("azure_deployment") { arguments["deployment_name"] = .string(deployment) }
        return PromptyRunner(spec: spec, template: template, endpoint: endpoint, arguments: arguments, client: client)
    }

    /// Whether the prompty asks for a streamed answer (`parameters.stream: true`).
    var streams: Bool { arguments["stream"] == .bool(true) }

    func invoke(_ inputs: FlowObject, stream: Bool) async throws -> ToolOutput {
        let parameters = try LLMParameters(arguments: arguments)
        let requested = parameters.model ?? parameters.deploymentName
        var context: [String: JinjaValue] = [:]
        if spec.model.api == .completion {
            for (name, value) in inputs { context[name] = value.jinjaValue }
            let prompt = try template.render(context)
            if stream {
                let events = try await client.completionStream(
                    prompt: prompt, parameters: parameters, endpoint: endpoint)
                let usage = StreamUsage()
                return ToolOutput(
                    value: .stream(LLMTool.chunks(events, usage: usage)), streamUsage: usage, model: requested)
            }
            let result = try await client.completion(prompt: prompt, parameters: parameters, endpoint: endpoint)
            return ToolOutput(
                value: .value(.string(result.text)), usage: result.usage, model: result.model ?? requested)
        }
        var escaper = RoleEscaper()
        for (_, value) in inputs { escaper.collect(contentsOf: value.stringLeaves) }
        for (name, value) in inputs { context[name] = value.mappingStrings(escaper.escape).jinjaValue }
        let messages = try ChatPromptParser.parse(try template.render(context), escaper: escaper, flavor: .prompty)
        if stream {
            let events = try await client.chatStream(messages, parameters: parameters, endpoint: endpoint)
            let usage = StreamUsage()
            return ToolOutput(
                value: .stream(LLMTool.chunks(events, usage: usage)), streamUsage: usage, model: requested)
        }
        let result = try await client.chat(messages, parameters: parameters, endpoint: endpoint)
        if spec.model.response == "all" {
            return ToolOutput(
                value: .value(FlowValue(result.message)), usage: result.usage, model: result.model ?? requested)
        }
        var output = FlowValue(result.output)
        if arguments["response_format"]?["type"]?.stringValue == "json_object", case .string(let text) = output,
            let decoded = try? FlowValue(json: text)
        {
            output = decoded
        }
        return ToolOutput(value: .value(output), usage: result.usage, model: result.model ?? requested)
    }
}
