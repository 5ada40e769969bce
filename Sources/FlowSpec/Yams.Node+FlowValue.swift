import Yams

extension Yams.Node {
    /// The node as a `FlowValue`: plain scalars resolved by YAML's core rules, quoted scalars as strings.
    /// Called only on trees that passed `BoundsWalk`, so the recursion is bounded.
    var flowValue: FlowValue {
        switch self {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any {
                if self.null != nil { return .null }
                if let value = self.bool { return .bool(value) }
                if let value = self.int { return .int(value) }
                if let value = self.float { return .double(value) }
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map(\.flowValue))
        case .mapping(let mapping):
            var object = FlowObject()
            for (key, value) in mapping { object[key.scalarText ?? key.flowValue.description] = value.flowValue }
            return .object(object)
        case .alias:
            return .null
        }
    }

    /// The text of a scalar node, whatever its resolved type.
    var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// The pairs of a mapping node.
    var pairs: [(key: Yams.Node, value: Yams.Node)]? {
        if case .mapping(let mapping) = self { return mapping.map { ($0.key, $0.value) } }
        return nil
    }

    /// The value for a string key of a mapping node.
    func value(for key: String) -> Yams.Node? {
        pairs?.first { $0.key.scalarText == key }?.value
    }

    /// The key node for a string key of a mapping node (for pointing at the key).
    func keyNode(for key: String) -> Yams.Node? {
        pairs?.first { $0.key.scalarText == key }?.key
    }

    /// What kind of YAML value this is, for messages.
    var yamlKindName: String {
        switch self {
        case .scalar: flowValue.kindName
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }
}
