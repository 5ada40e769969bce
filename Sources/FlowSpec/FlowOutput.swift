/// A declared output of a flow: where its value comes from (`reference`) and how it is presented.
/// An output that references an aggregation node is kept but not served (`isServed` is false), as in promptflow.
public struct FlowOutput: Sendable, Equatable {
    public var name: String
    public var type: ValueType?
    /// The binding of `reference`: a flow input, a node output, or a literal.
    public var reference: Binding
    public var description: String?
    public var isChatOutput: Bool
    /// Hidden from serving responses unless listed in `PROMPTFLOW_RESPONSE_INCLUDED_FIELDS`.
    public var evaluationOnly: Bool
    /// False when the reference points at an aggregation node: serving leaves such outputs out.
    public var isServed: Bool
    public var location: SourceLocation?

    public init(
        name: String, type: ValueType? = nil, reference: Binding, description: String? = nil,
        isChatOutput: Bool = false, evaluationOnly: Bool = false, isServed: Bool = true,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.type = type
        self.reference = reference
        self.description = description
        self.isChatOutput = isChatOutput
        self.evaluationOnly = evaluationOnly
        self.isServed = isServed
        self.location = location
    }
}
