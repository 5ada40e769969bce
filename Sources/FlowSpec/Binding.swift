/// The value of a node input, an output's `reference` or an activate `when`: a reference or a literal.
/// A string is a reference only when the whole string is `${…}`; everything else is kept as a literal.
public enum Binding: Sendable, Equatable {
    /// A literal value, kept as written.
    case literal(FlowValue)
    /// `${inputs.name}` or `${flow.name}`.
    case flowInput(String)
    /// `${node}` or `${node.output…}`, with the path below the output (empty for the whole output).
    case nodeOutput(node: String, path: [PathComponent])
    /// `${node.variant_id}`: names a variant of a node; valid only where a run selects a variant.
    case nodeVariant(node: String, variant: String)

    /// The node this binding depends on, if any.
    public var referencedNode: String? {
        switch self {
        case .nodeOutput(let node, _), .nodeVariant(let node, _): node
        case .literal, .flowInput: nil
        }
    }

    /// Whether this is a reference (not a literal).
    public var isReference: Bool {
        if case .literal = self { return false }
        return true
    }
}
