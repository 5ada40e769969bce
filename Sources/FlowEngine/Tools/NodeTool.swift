import FlowSpec
import LLM
import PythonHost

/// A node's tool, prepared once when the flow is loaded (templates parsed, signatures inspected,
/// connections resolved) and called once per run with the node's resolved inputs.
protocol NodeTool: Sendable {
    /// Whether the tool's parameter `name` has a default: a bypassed input is then left out, else passed as null.
    func hasDefault(_ name: String) -> Bool

    func invoke(_ inputs: FlowObject, _ invocation: ToolInvocation) async throws -> ToolOutput

    /// A value given from outside the flow (a single-node run's input) converted like a literal of the node.
    func coerce(_ value: FlowValue, for name: String) throws -> FlowValue
}

extension NodeTool {
    func coerce(_ value: FlowValue, for name: String) throws -> FlowValue { value }
}

/// What a tool needs to know about one call besides its inputs.
struct ToolInvocation: Sendable {
    var node: String
    /// Whether the caller consumes this node's output as a stream (it feeds one flow output directly).
    var stream: Bool
    /// Input names bound to flow inputs: their role markers are escaped (llm and prompt tools).
    var flowInputParameters: Set<String>
    /// Inputs that come straight from a prompt node whose result carries escaped role markers.
    var escapedPrompts: [String: EscapedPrompt]
}

/// A tool's result: the output, the tokens it used, and for prompt tools the escaped rendering.
struct ToolOutput: Sendable {
    var value: NodeValue
    var usage: TokenUsage?
    var escapedPrompt: EscapedPrompt?
    /// For a streamed LLM answer: where its usage arrives at the end.
    var streamUsage: StreamUsage?
    /// The model an LLM call used: the one the response names, else the request's model or deployment.
    var model: String?
    /// `log_metric` calls a python tool made (aggregation nodes report them as the run's metrics).
    var metrics: [PythonMetric] = []

    init(
        value: NodeValue, usage: TokenUsage? = nil, escapedPrompt: EscapedPrompt? = nil,
        streamUsage: StreamUsage? = nil,
        model: String? = nil
    ) {
        self.value = value
        self.usage = usage
        self.escapedPrompt = escapedPrompt
        self.streamUsage = streamUsage
        self.model = model
    }
}

/// A prompt node's rendering with the role markers of its flow inputs replaced by tokens (promptflow's
/// `PromptResult` escape string and mapping), so an llm node fed by it cannot be given extra messages.
struct EscapedPrompt: Sendable {
    var text: String
    var escaper: RoleEscaper
}
