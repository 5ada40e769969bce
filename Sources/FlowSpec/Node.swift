/// One step of a DAG flow: a tool call (llm, prompt, python, custom_llm) with its input bindings.
/// A node with `useVariants` takes its definition from `Flow.nodeVariants` (the default variant when serving).
public struct Node: Sendable, Equatable {
    /// The tool type of a node.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case llm
        case prompt
        case python
        case customLLM = "custom_llm"
    }

    /// The LLM API a node calls.
    public enum API: String, Sendable, Equatable, CaseIterable {
        case chat
        case completion
    }

    public var name: String
    /// `nil` only for a `use_variants` node, whose variants carry the type.
    public var kind: Kind?
    public var source: Source?
    /// Input bindings in YAML order.
    public var inputs: [NodeInput]
    public var connection: String?
    public var api: API?
    /// Kept for information; the connection's type decides the provider.
    public var provider: String?
    public var activate: Activate?
    public var aggregation: Bool
    public var useVariants: Bool
    /// Other keys (`comment`, `enable_cache`, `module`, …), kept as written.
    public var extra: FlowObject
    public var location: SourceLocation?

    public init(
        name: String, kind: Kind?, source: Source? = nil, inputs: [NodeInput] = [], connection: String? = nil,
        api: API? = nil, provider: String? = nil, activate: Activate? = nil, aggregation: Bool = false,
        useVariants: Bool = false, extra: FlowObject = [:], location: SourceLocation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.source = source
        self.inputs = inputs
        self.connection = connection
        self.api = api
        self.provider = provider
        self.activate = activate
        self.aggregation = aggregation
        self.useVariants = useVariants
        self.extra = extra
        self.location = location
    }

    /// The binding of input `name`, if the node has it.
    public func input(_ name: String) -> Binding? {
        inputs.first { $0.name == name }?.binding
    }

    /// Names of the nodes this node waits for: node references in its inputs and in `activate.when`.
    public var dependencies: [String] {
        var names: [String] = []
        for binding in inputs.map(\.binding) + [activate?.when].compactMap({ $0 }) {
            if let node = binding.referencedNode, !names.contains(node) { names.append(node) }
        }
        return names
    }
}
