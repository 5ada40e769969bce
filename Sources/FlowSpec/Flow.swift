import Foundation

/// A loaded, validated flow of any format (DAG, prompty, flex) in one model.
/// Produced by `FlowLoader.load(path:)`; nodes are in YAML order, `executionOrder` in dependency order.
public struct Flow: Sendable {
    public var kind: FlowKind
    /// The flow's served name: its folder's name (also for prompty and flex flows).
    public var name: String
    /// The flow folder.
    public var directory: URL
    /// The definition file, relative to `directory` (`flow.dag.yaml`, `chat.prompty`, `flow.flex.yaml`).
    public var file: String
    public var inputs: [FlowInput]
    public var outputs: [FlowOutput]
    /// DAG nodes in YAML order (empty for prompty and flex flows).
    public var nodes: [Node]
    /// `node_variants`, keyed by node name.
    public var nodeVariants: [String: NodeVariants]
    /// Node names in a valid run order: dependencies first, otherwise YAML order.
    public var executionOrder: [String]
    public var environment: FlowEnvironment
    /// `environment_variables` as written (values may be lists or objects).
    public var environmentVariables: FlowObject
    /// `additional_includes`, relative paths checked to stay inside the flow folder.
    public var additionalIncludes: [String]
    public var prompty: PromptySpec?
    public var flex: FlexSpec?
    public var metadata: FlowMetadata
    /// Problems that do not stop the flow from loading (e.g. an output that references an aggregation node).
    public var warnings: [Diagnostic]

    public init(
        kind: FlowKind, name: String, directory: URL, file: String, inputs: [FlowInput] = [],
        outputs: [FlowOutput] = [],
        nodes: [Node] = [], nodeVariants: [String: NodeVariants] = [:], executionOrder: [String] = [],
        environment: FlowEnvironment = FlowEnvironment(), environmentVariables: FlowObject = [:],
        additionalIncludes: [String] = [], prompty: PromptySpec? = nil, flex: FlexSpec? = nil,
        metadata: FlowMetadata = FlowMetadata(), warnings: [Diagnostic] = []
    ) {
        self.kind = kind
        self.name = name
        self.directory = directory
        self.file = file
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = nodes
        self.nodeVariants = nodeVariants
        self.executionOrder = executionOrder
        self.environment = environment
        self.environmentVariables = environmentVariables
        self.additionalIncludes = additionalIncludes
        self.prompty = prompty
        self.flex = flex
        self.metadata = metadata
        self.warnings = warnings
    }

    /// The node named `name`.
    public func node(_ name: String) -> Node? {
        nodes.first { $0.name == name }
    }

    /// The input named `name`.
    public func input(_ name: String) -> FlowInput? {
        inputs.first { $0.name == name }
    }

    /// The node as serving runs it: for a `use_variants` node, its default variant's definition.
    public func resolvedNode(_ name: String) -> Node? {
        guard let node = node(name) else { return nil }
        guard node.useVariants, let variant = nodeVariants[name]?.defaultVariant else { return node }
        return variant.node
    }

    /// All node definitions, including every variant's.
    public var allNodeDefinitions: [Node] {
        nodes.flatMap { node -> [Node] in
            guard node.useVariants, let variants = nodeVariants[node.name] else { return [node] }
            return variants.variants.map(\.node)
        }
    }

    /// Connection names the flow needs, distinct and sorted: node `connection`s (all variants) and prompty's.
    public var connectionsNeeded: [String] {
        var names = Set(allNodeDefinitions.compactMap(\.connection))
        if case .string(let name)? = prompty?.model.configuration["connection"] { names.insert(name) }
        return names.sorted()
    }

    /// Source paths of python nodes (all variants), distinct, in YAML order.
    public var pythonTools: [String] {
        var paths: [String] = []
        for node in allNodeDefinitions where node.kind == .python {
            if case .code(let path)? = node.source, !paths.contains(path) { paths.append(path) }
        }
        return paths
    }

    /// The input flagged `is_chat_input`.
    public var chatInput: FlowInput? { inputs.first { $0.isChatInput } }

    /// The chat history input: the flagged one, else one named `chat_history`.
    public var chatHistory: FlowInput? {
        inputs.first { $0.isChatHistory } ?? inputs.first { $0.name == "chat_history" }
    }

    /// The output flagged `is_chat_output`.
    public var chatOutput: FlowOutput? { outputs.first { $0.isChatOutput } }

    /// Parses a run's variant selection (`${node.variant_1}`), checking that the node and variant exist.
    public func variantSelection(_ reference: String) throws(FlowValidationError) -> (node: String, variant: String) {
        let problem: String
        switch try? Binding.parse(.string(reference)) {
        case .nodeVariant(let node, let variant)?:
            guard let variants = nodeVariants[node] else {
                problem = "variant reference '\(reference)' names node '\(node)', which has no node_variants"
                break
            }
            guard variants.variant(variant) != nil else {
                let known = variants.variants.map(\.id).joined(separator: ", ")
                problem =
                    "variant reference '\(reference)' names unknown variant '\(variant)' of node '\(node)' (known: \(known))"
                break
            }
            return (node, variant)
        default:
            problem = "'\(reference)' is not a variant reference; write it as ${node_name.variant_id}"
        }
        throw FlowValidationError(diagnostics: [Diagnostic(file: file, message: problem)])
    }
}
