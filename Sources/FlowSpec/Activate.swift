/// A node's `activate` config: the node runs only when the value of `when` equals `is` (types included).
/// `when` is always a reference (a flow input or a node output); `is` is a literal.
public struct Activate: Sendable, Equatable {
    public var when: Binding
    public var value: FlowValue

    public init(when: Binding, value: FlowValue) {
        self.when = when
        self.value = value
    }
}
