/// One named input of a node and its binding, with where it was written.
/// Inputs keep YAML order so tools see them as the author listed them.
public struct NodeInput: Sendable, Equatable {
    public var name: String
    public var binding: Binding
    public var location: SourceLocation?

    public init(name: String, binding: Binding, location: SourceLocation? = nil) {
        self.name = name
        self.binding = binding
        self.location = location
    }
}
