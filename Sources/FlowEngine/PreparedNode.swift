import FlowSpec

/// A node ready to run: its definition (the chosen variant's), its tool, and its inputs with literals already
/// coerced to the tool's parameter types and empty literals dropped.
struct PreparedNode: Sendable {
    let name: String
    let definition: Node
    let tool: any NodeTool
    let inputs: [NodeInput]
    /// Inputs bound to flow inputs (their role markers are escaped by llm and prompt tools).
    let flowInputParameters: Set<String>
    /// Nodes this node waits for (inputs and `activate.when`).
    let dependencies: [String]
    /// Whether its output may reach the caller as a stream: one flow output takes the whole output,
    /// nothing else reads it.
    let mayStream: Bool
}
