import FlowSpec
import Foundation
import LLM

/// Runs one DAG flow: loaded once (templates parsed, tool signatures inspected, connections resolved),
/// then `run` per request, concurrently and without shared mutable state between runs.
public final class FlowExecutor: Sendable {
    public let flow: Flow
    /// How many nodes of one run may execute at once (promptflow: 16).
    public let nodeConcurrency: Int
    /// Nodes as serving runs them (default variants), aggregation nodes included, by name.
    let nodes: [String: PreparedNode]
    /// Every variant of every `use_variants` node: node name → variant id → prepared node.
    let variants: [String: [String: PreparedNode]]
    /// Names of the nodes a single-line run executes (not aggregation), in YAML order.
    let lineNodes: [String]
    /// The single LLM call of a `.prompty` flow.
    let prompty: PromptyRunner?

    /// Prepares `flow` for running. Throws `FlowRunError` (a user error naming the node) for a template that does
    /// not load, a missing connection, a python tool without a runner, or a literal of the wrong type.
    public init(
        flow: Flow, connections: (any ConnectionProvider)? = nil, pythonRunner: (any PythonToolRunner)? = nil,
        llmClient: LLMClient = LLMClient(), nodeConcurrency: Int = 16, pythonTimeout: Duration? = nil
    ) async throws {
        guard flow.kind != .flex else {
            throw FlowRunError.user(
                "Flowgate runs DAG and prompty flows; running flex flows (flow.flex.yaml) is not implemented yet.")
        }
        self.flow = flow
        self.nodeConcurrency = max(1, nodeConcurrency)
        if flow.kind == .prompty {
            prompty = try await PromptyRunner.prepare(flow, connections: connections, client: llmClient)
            nodes = [:]
            variants = [:]
            lineNodes = []
            return
        }
        prompty = nil
        let preparer = NodePreparer(
            flow: flow, connections: connections, pythonRunner: pythonRunner, llmClient: llmClient,
            pythonTimeout: pythonTimeout)
        var nodes: [String: PreparedNode] = [:]
        var variants: [String: [String: PreparedNode]] = [:]
        for node in flow.nodes {
            if node.useVariants, let nodeVariants = flow.nodeVariants[node.name] {
                var prepared: [String: PreparedNode] = [:]
                for variant in nodeVariants.variants {
                    var definition = variant.node
                    definition.name = node.name
                    prepared[variant.id] = try await preparer.prepare(definition)
                }
                variants[node.name] = prepared
                guard let chosen = prepared[nodeVariants.defaultVariantID] else {
                    throw FlowRunError.user(
                        "Node '\(node.name)' has no variant '\(nodeVariants.defaultVariantID)' (its default_variant_id).",
                        node: node.name)
                }
                nodes[node.name] = chosen
            } else {
                nodes[node.name] = try await preparer.prepare(node)
            }
        }
        self.nodes = nodes
        self.variants = variants
        self.lineNodes = flow.nodes.filter { !(nodes[$0.name]?.definition.aggregation ?? $0.aggregation) }.map(\.name)
    }

    /// The nodes for a run, with `variant` (`${node.variant_id}`) swapped in when given.
    func plan(variant: String?) throws(FlowRunError) -> [String: PreparedNode] {
        guard let variant else { return nodes }
        let selection: (node: String, variant: String)
        do {
            selection = try flow.variantSelection(variant)
        } catch {
            throw .user(error.diagnostics.map(\.message).joined(separator: "; "))
        }
        var plan = nodes
        plan[selection.node] = variants[selection.node]?[selection.variant]
        return plan
    }
}
