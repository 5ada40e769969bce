import Foundation

/// One node run of a request as telemetry sees it, converted by the caller from the engine's record:
/// status, times, kind, and for LLM nodes the model and token counts.
public struct NodeSample: Sendable {
    public var name: String
    /// promptflow's run status: `Completed`, `Failed`, `Bypassed` or `Canceled`.
    public var status: String
    public var start: Date
    public var end: Date
    /// `llm`, `prompt`, `python`, `flex` or `prompty`.
    public var kind: String
    /// LLM nodes: the model or deployment; becomes `llm_engine` and an LLM call span.
    public var model: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// The error's code or type name (for example `UserError`, `OpenAIError`), never its message: it becomes a
    /// metric label (`exception`) and a span's error type.
    public var error: String?
    /// The node's inputs as JSON text (connections by name only); recorded only when the configuration records
    /// inputs, so callers may leave it nil when it does not.
    public var inputs: String?
    /// The node's output as JSON text; recorded under the same rule as `inputs`.
    public var output: String?

    public init(
        name: String, status: String, start: Date, end: Date, kind: String, model: String? = nil,
        promptTokens: Int? = nil, completionTokens: Int? = nil, error: String? = nil, inputs: String? = nil,
        output: String? = nil
    ) {
        self.inputs = inputs
        self.output = output
        self.name = name
        self.status = status
        self.start = start
        self.end = end
        self.kind = kind
        self.model = model
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.error = error
    }
}
