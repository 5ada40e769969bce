import Jinja

extension JinjaValue {
    /// Every string inside the value: itself, list and tuple items, and dict values (not keys),
    /// the strings promptflow searches for role markers in flow inputs.
    var stringLeaves: [String] {
        switch self {
        case .string(let s): return [s]
        case .list(let items), .tuple(let items): return items.flatMap(\.stringLeaves)
        case .dict(let dict): return dict.values.flatMap(\.stringLeaves)
        default: return []
        }
    }

    /// The value with `transform` applied to every string leaf (see `stringLeaves`).
    func mappingStrings(_ transform: (String) -> String) -> JinjaValue {
        switch self {
        case .string(let s): return .string(transform(s))
        case .list(let items): return .list(items.map { $0.mappingStrings(transform) })
        case .tuple(let items): return .tuple(items.map { $0.mappingStrings(transform) })
        case .dict(let dict):
            return .dict(JinjaDict(pairs: dict.items.map { ($0.key, $0.value.mappingStrings(transform)) }))
        default: return self
        }
    }
}
