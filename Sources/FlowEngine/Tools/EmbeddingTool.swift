import FlowSpec
import LLM

/// promptflow's package tool `promptflow.tools.embedding.embedding`, run by Flowgate's own LLM client: the
/// embedding of `input` (the first vector), from an Azure OpenAI deployment or an OpenAI(-compatible) model.
struct EmbeddingTool: NodeTool {
    /// The tool's name in `source: {type: package, tool: …}`.
    static let packageName = "promptflow.tools.embedding.embedding"
    /// promptflow's default `model` (`EmbeddingModel.TEXT_EMBEDDING_ADA_002`).
    static let defaultModel = "text-embedding-ada-002"

    let endpoint: LLMEndpoint
    let client: LLMClient

    func hasDefault(_ name: String) -> Bool { name == "deployment_name" || name == "model" }

    func invoke(_ inputs: FlowObject, _ invocation: ToolInvocation) async throws -> ToolOutput {
        let text: String
        switch inputs["input"] {
        case .string(let value)?: text = value
        case let value?: text = PythonRepr.str(value)
        case nil:
            throw FlowRunError.user(
                "Node '\(invocation.node)': the embedding tool needs its 'input'.", node: invocation.node)
        }
        let deployment = inputs["deployment_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let model = inputs["model"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultModel
        let isAzure: Bool
        if case .azure = endpoint { isAzure = true } else { isAzure = false }
        let result: EmbeddingsResult
        if isAzure {
            result = try await client.embeddings(input: [text], deploymentName: deployment ?? "", endpoint: endpoint)
        } else {
            result = try await client.embeddings(input: [text], model: model, endpoint: endpoint)
        }
        guard let vector = result.vectors.first else {
            throw FlowRunError.user(
                "Node '\(invocation.node)': the embeddings answer has no vector.", node: invocation.node)
        }
        return ToolOutput(
            value: .value(.list(vector.map { .double($0) })), usage: result.usage,
            model: result.model ?? (isAzure ? deployment : model))
    }
}
