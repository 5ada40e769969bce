import FlowSpec
import Jinja
import LLM

/// The llm tool: escapes role markers in inputs that come from the flow's inputs, renders the template,
/// parses the chat prompt into messages and calls the model; the output is the answer (or a stream of it).
struct LLMTool: NodeTool {
    let template: Template
    let api: Node.API
    let endpoint: LLMEndpoint
    let client: LLMClient

    /// The llm tool's own parameters have defaults; template variables are passed as null when bypassed.
    func hasDefault(_ name: String) -> Bool { LLMParameters.parameterNames.contains(name) }

    func invoke(_ inputs: FlowObject, _ invocation: ToolInvocation) async throws -> ToolOutput {
        var arguments: [String: JSONValue] = [:]
        var variables = FlowObject()
        for (name, value) in inputs {
            if LLMParameters.parameterNames.contains(name) {
                arguments[name] = value.jsonValue
            } else {
                variables[name] = value
            }
        }
        let parameters = try LLMParameters(arguments: arguments)
        let requested = parameters.model ?? parameters.deploymentName
        switch api {
        case .completion:
            let prompt = try TemplateLoading.render(template, variables, node: invocation.node)
            if invocation.stream {
                let events = try await client.completionStream(
                    prompt: prompt, parameters: parameters, endpoint: endpoint)
                let usage = StreamUsage()
                return ToolOutput(
                    value: .stream(Self.chunks(events, usage: usage)), streamUsage: usage, model: requested)
            }
            let result = try await client.completion(prompt: prompt, parameters: parameters, endpoint: endpoint)
            return ToolOutput(
                value: .value(.string(result.text)), usage: result.usage, model: result.model ?? requested)
        case .chat:
            var escaper = RoleEscaper()
            for name in variables.keys {
                if let prompt = invocation.escapedPrompts[name] { escaper.merge(prompt.escaper) }
            }
            for name in invocation.flowInputParameters {
                if let value = variables[name] { escaper.collect(contentsOf: value.stringLeaves) }
            }
            if !escaper.isEmpty {
                for (name, value) in variables {
                    if let prompt = invocation.escapedPrompts[name] {
                        variables[name] = .string(prompt.text)
                    } else if invocation.flowInputParameters.contains(name) {
                        variables[name] = value.mappingStrings(escaper.escape)
                    }
                }
            }
            let rendered = try TemplateLoading.render(template, variables, node: invocation.node, escaper: escaper)
            let messages = try ChatPromptParser.parse(rendered, escaper: escaper)
            if invocation.stream {
                let events = try await client.chatStream(messages, parameters: parameters, endpoint: endpoint)
                let usage = StreamUsage()
                return ToolOutput(
                    value: .stream(Self.chunks(events, usage: usage)), streamUsage: usage, model: requested)
            }
            let result = try await client.chat(messages, parameters: parameters, endpoint: endpoint)
            return ToolOutput(
                value: .value(FlowValue(result.output)), usage: result.usage, model: result.model ?? requested)
        }
    }

    /// The content deltas of an LLM stream; stopping the consumer cancels the HTTP request.
    static func chunks(_ events: LLMStream, usage: StreamUsage? = nil) -> ChunkStream {
        let (stream, continuation) = ChunkStream.makeStream()
        let pump = Task {
            do {
                for try await event in events {
                    switch event {
                    case .content(let text): continuation.yield(text)
                    case .usage(let reported): usage?.record(reported)
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }
}
