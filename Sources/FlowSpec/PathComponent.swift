/// One step into a node's output: `.a` / `['a']` / `["a"]` is a key, `[0]` an index.
/// A reference's path is a list of these, applied in order to the node's output value.
public enum PathComponent: Sendable, Equatable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): ".\(key)"
        case .index(let index): "[\(index)]"
        }
    }
}
