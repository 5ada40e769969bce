import FlowSpec

/// Follows a reference's property path (`${node.output.a[0]['k']}`) into a node's output, as promptflow's
/// `parse_node_property` does: keys into objects, indexes into lists; anything else is a user error.
enum ReferencePath {
    static func resolve(_ path: [PathComponent], in value: FlowValue, node: String) throws(FlowRunError) -> FlowValue {
        var current = value
        for component in path {
            switch (component, current) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else { throw invalid(path, node: node) }
                current = next
            case (.index(let index), .list(let items)):
                guard index >= 0, index < items.count else { throw invalid(path, node: node) }
                current = items[index]
            default:
                throw invalid(path, node: node)
            }
        }
        return current
    }

    /// The path as written after `output`: `a.b[0]['c d']`.
    static func text(_ path: [PathComponent]) -> String {
        var out = ""
        for component in path {
            switch component {
            case .key(let key):
                if key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                    out += out.isEmpty ? key : "." + key
                } else {
                    out += "['\(key)']"
                }
            case .index(let index):
                out += "[\(index)]"
            }
        }
        return out
    }

    static func invalid(_ path: [PathComponent], node: String) -> FlowRunError {
        .user(
            "Flow execution failed. Invalid property '\(text(path))' when accessing the node '\(node)'. "
                + "Please check the property and try again.")
    }
}
