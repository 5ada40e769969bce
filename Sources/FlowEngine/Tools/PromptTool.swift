import FlowSpec
import Jinja
import LLM

/// The prompt tool: renders the node's Jinja template with its inputs; the output is the text.
/// When flow inputs carry role markers, it also renders an escaped copy for llm nodes downstream.
struct PromptTool: NodeTool {
    let template: Template

    func hasDefault(_ name: String) -> Bool { false }

    func invoke(_ inputs: FlowObject, _ invocation: ToolInvocation) async throws -> ToolOutput {
        let rendered = try TemplateLoading.render(template, inputs, node: invocation.node)
        var escaper = RoleEscaper()
        for name in inputs.keys {
            if let prompt = invocation.escapedPrompts[name] { escaper.merge(prompt.escaper) }
        }
        for name in invocation.flowInputParameters {
            if let value = inputs[name] { escaper.collect(contentsOf: value.stringLeaves) }
        }
        guard !escaper.isEmpty else { return ToolOutput(value: .value(.string(rendered))) }
        var escapedInputs = FlowObject()
        for (name, value) in inputs {
            if let prompt = invocation.escapedPrompts[name] {
                escapedInputs[name] = .string(prompt.text)
            } else if invocation.flowInputParameters.contains(name) {
                escapedInputs[name] = value.mappingStrings(escaper.escape)
            } else {
                escapedInputs[name] = value
            }
        }
        let escaped = try TemplateLoading.render(template, escapedInputs, node: invocation.node, escaper: escaper)
        return ToolOutput(value: .value(.string(rendered)), escapedPrompt: EscapedPrompt(text: escaped, escaper: escaper))
    }
}
