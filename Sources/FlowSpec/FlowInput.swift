/// A declared input of a flow (`inputs.<name>` in flow.dag.yaml, prompty front matter or flow.flex.yaml).
/// It is required exactly when it has no default; chat flags mark a chat flow's question and history.
public struct FlowInput: Sendable, Equatable {
    public var name: String
    public var type: ValueType
    /// The default; `nil` when the YAML gives none (or `null`), which makes the input required.
    public var defaultValue: FlowValue?
    public var description: String?
    /// Allowed values, when the input declares an `enum`.
    public var enumValues: [FlowValue]?
    public var isChatInput: Bool
    public var isChatHistory: Bool
    public var location: SourceLocation?

    public init(
        name: String, type: ValueType, defaultValue: FlowValue? = nil, description: String? = nil,
        enumValues: [FlowValue]? = nil, isChatInput: Bool = false, isChatHistory: Bool = false,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.description = description
        self.enumValues = enumValues
        self.isChatInput = isChatInput
        self.isChatHistory = isChatHistory
        self.location = location
    }

    /// Whether a request must provide this input.
    public var isRequired: Bool { defaultValue == nil }
}
