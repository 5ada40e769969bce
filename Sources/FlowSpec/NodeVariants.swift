/// The variants of one node (`node_variants.<node>`): alternative definitions of the same step.
/// Serving uses `defaultVariantID`; a bulk run may select another with `${node.variant_id}`.
public struct NodeVariants: Sendable, Equatable {
    /// One variant: its id and the node definition it stands for (named after the node).
    public struct Variant: Sendable, Equatable {
        public var id: String
        public var node: Node
        public var description: String?

        public init(id: String, node: Node, description: String? = nil) {
            self.id = id
            self.node = node
            self.description = description
        }
    }

    public var nodeName: String
    public var defaultVariantID: String
    /// Variants in YAML order.
    public var variants: [Variant]

    public init(nodeName: String, defaultVariantID: String, variants: [Variant]) {
        self.nodeName = nodeName
        self.defaultVariantID = defaultVariantID
        self.variants = variants
    }

    /// The variant with `id`, if any.
    public func variant(_ id: String) -> Variant? {
        variants.first { $0.id == id }
    }

    /// The variant serving uses.
    public var defaultVariant: Variant? { variant(defaultVariantID) }
}
