import FlowSpec
import Foundation
import LLM

/// Runs one flow (DAG, prompty or flex): loaded once (templates parsed, tool signatures inspected, connections
/// resolved, a flex class entry built), then `run` per request, concurrently, without shared mutable state.
public final class FlowExecutor: Sendable {
    /// The flow as loaded; for a flex flow, `inputs` are its entry's (signature, with the file's declarations).
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
    /// The Python entry of a flex flow.
    let flex: FlexRunner?

    /// Prepares `flow` for running. Throws `FlowRunError` (a user error naming the node) for a template that does
    /// not load, a missing connection, a python tool without a runner, or a literal of the wrong type.
    /// A flex flow's class entry is built with `initValues` (else the flow's `sample.init`, then declared defaults).
    public init(
        flow: Flow, connections: (any ConnectionProvider)? = nil, pythonRunner: (any PythonToolRunner)? = nil,
        llmClient: LLMClient = LLMClient(), nodeConcurrency: Int = 16, pythonTimeout: Duration? = nil,
        initValues: FlowObject? = nil
    ) async throws {
        self.nodeConcurrency = max(1, nodeConcurrency)
        if flow.kind == .prompty || flow.kind == .flex {
            if flow.kind == .flex {
                let flex = try await FlexRunner.prepare(
                    flow, connections: connections, runner: pythonRunner, initValues: initValues,
                    timeout: pythonTimeout)
                // Callers (bulk column mapping, serving) see the entry's inputs as promptflow's definition does.
                var described = flow
                described.inputs = flex.flowInputs
                self.flow = described
                self.flex = flex
                prompty = nil
            } else {
                self.flow = flow
                prompty = try await PromptyRunner.prepare(flow, connections: connections, client: llmClient)
                flex = nil
            }
            nodes = [:]
            variants = [:]
            lineNodes = []
            return
        }
        self.flow = flow
        prompty = nil
        flex = nil
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
