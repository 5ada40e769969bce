import FlowSpec
import LLM
import PythonHost

/// Turns a node definition into a `PreparedNode` at load time: loads its template or inspects its python
/// function, resolves its connections, coerces its literals, and decides whether its output may stream.
struct NodePreparer {
    let flow: Flow
    let connections: (any ConnectionProvider)?
    let pythonRunner: (any PythonToolRunner)?
    let llmClient: LLMClient
    let pythonTimeout: Duration?

    func prepare(_ node: Node) async throws -> PreparedNode {
        guard let kind = node.kind else {
            throw FlowRunError.user("Node '\(node.name)' has no type.", node: node.name)
        }
        var inputs = node.inputs.filter { input in
            if case .literal(let value) = input.binding { return !(value.isNull || value == .string("")) }
            return true
        }
        let tool: any NodeTool
        switch kind {
        case .prompt:
            tool = PromptTool(template: try TemplateLoading.template(for: node, in: flow, preprocessForChat: false))
        case .llm:
            let api = node.api ?? .chat
            let template = try TemplateLoading.template(for: node, in: flow, preprocessForChat: api == .chat)
            guard let name = node.connection else {
                throw FlowRunError.user("Node '\(node.name)' is an llm node without a connection.", node: node.name)
            }
            let connection = try await resolve(name, node: node.name)
            tool = LLMTool(
                template: template, api: api, endpoint: try LLMEndpoint.from(connection, node: node.name),
                client: llmClient)
        case .python where node.source == .package(tool: EmbeddingTool.packageName):
            (tool, inputs) = try await prepareEmbedding(node, inputs: inputs)
        case .python:
            (tool, inputs) = try await preparePython(node, inputs: inputs)
        case .customLLM:
            (tool, inputs) = try await prepareCustomLLM(node, inputs: inputs)
        }
        let flowInputParameters = Set(
            inputs.compactMap { input -> String? in
                if case .flowInput = input.binding { return input.name }
                return nil
            })
        return PreparedNode(
            name: node.name, definition: node, tool: tool, inputs: inputs, flowInputParameters: flowInputParameters,
            dependencies: node.dependencies, mayStream: mayStream(node.name))
    }

    func preparePython(_ node: Node, inputs given: [NodeInput]) async throws -> (any NodeTool, [NodeInput]) {
        guard let runner = pythonRunner else {
            throw FlowRunError.system(
                "Node '\(node.name)' is a python node, and no Python worker pool was given to the executor.",
                node: node.name)
        }
        let path: String
        var package: PythonEntry?
        var inputs = given
        let signature: ToolSignature
        switch node.source {
        case .code(let codePath)?:
            path = codePath
            do {
                signature = try await runner.inspect(tool: path)
            } catch let error as PythonToolError {
                throw FlowRunError.user("Failed to load python tool of node '\(node.name)': \(error)", node: node.name)
            } catch {
                throw FlowRunError.system(
                    "Failed to load python tool of node '\(node.name)': \(error)", node: node.name)
            }
        case .package(let name)?:
            path = name
            let prepared = try await preparePackage(name, node: node, inputs: inputs, runner: runner)
            (package, signature, inputs) = (prepared.entry, prepared.signature, prepared.inputs)
        default:
            throw FlowRunError.user(
                "Node '\(node.name)' has no tool source; give `source: {type: code, path: …}`.", node: node.name)
        }
        var coerced: [NodeInput] = []
        var connectionArguments = FlowObject()
        for input in inputs {
            guard case .literal(let value) = input.binding, let parameter = signature.parameter(named: input.name)
            else {
                coerced.append(input)
                continue
            }
            switch PythonTool.parameterType(parameter) {
            case .connection:
                guard case .string(let name) = value else {
                    coerced.append(input)
                    continue
                }
                let connection = try await resolve(name, node: node.name)
                connectionArguments[input.name] = Self.argument(for: connection)
                coerced.append(input)
            case .value(let type):
                do throws(ValueParseError) {
                    let parsed = try ValueParser.parse(value, as: type)
                    coerced.append(NodeInput(name: input.name, binding: .literal(parsed), location: input.location))
                } catch {
                    throw FlowRunError.user(
                        "Input '\(input.name)' for node '\(node.name)' of value '\(PythonRepr.str(value))' is not "
                            + "type \(type.rawValue).",
                        node: node.name)
                }
            }
        }
        let tool = PythonTool(
            path: path, package: package, signature: signature, runner: runner,
            connectionArguments: connectionArguments, timeout: pythonTimeout)
        return (tool, coerced)
    }

    /// promptflow's embedding package tool, run by the LLM client: its `connection` input (or the node's
    /// `connection`) picks the endpoint; `deployment_name`, `model` and `input` stay inputs.
    func prepareEmbedding(_ node: Node, inputs: [NodeInput]) async throws -> (any NodeTool, [NodeInput]) {
        var name = node.connection
        if let input = inputs.first(where: { $0.name == "connection" }),
            case .literal(.string(let given)) = input.binding
        {
            name = given
        }
        guard let name else {
            throw FlowRunError.user(
                "Node '\(node.name)' uses the embedding tool without a connection; give `inputs.connection`.",
                node: node.name)
        }
        let connection = try await resolve(name, node: node.name)
        let tool = EmbeddingTool(endpoint: try LLMEndpoint.from(connection, node: node.name), client: llmClient)
        return (tool, inputs.filter { $0.name != "connection" })
    }

    func resolve(_ name: String, node: String) async throws -> Connection {
        guard let connections else {
            throw FlowRunError.user(
                "Connection '\(name)' required by node '\(node)' is not found: no connections are configured.",
                node: node)
        }
        let found: Connection?
        do {
            found = try await connections.connection(named: name)
        } catch {
            throw FlowRunError.user(
                "Connection '\(name)' required by node '\(node)' cannot be resolved: \(error)", node: node)
        }
        guard let found else {
            throw FlowRunError.user("Connection '\(name)' required by node '\(node)' is not found.", node: node)
        }
        return found
    }

    /// The argument PythonHost turns into a promptflow connection object.
    static func argument(for connection: Connection) -> FlowValue {
        var configs = FlowObject()
        for (key, value) in connection.configs { configs[key] = .string(value) }
        var secrets = FlowObject()
        for (key, value) in connection.secrets { secrets[key] = .string(value) }
        return [
            "$connection": [
                "name": .string(connection.name), "type": .string(connection.type), "configs": .object(configs),
                "secrets": .object(secrets),
            ]
        ]
    }

    /// Whether node `name`'s whole output goes to exactly one flow output and nowhere else.
    func mayStream(_ name: String) -> Bool {
        var wholeOutputs = 0
        for output in flow.outputs {
            guard case .nodeOutput(let node, let path) = output.reference, node == name else { continue }
            guard path.isEmpty else { return false }
            wholeOutputs += 1
        }
        guard wholeOutputs == 1 else { return false }
        return !flow.allNodeDefinitions.contains { $0.name != name && $0.dependencies.contains(name) }
    }
}
