import Yams

/// Walks a composed YAML tree once, counting expanded nodes, alias uses and depth, stopping at the first limit.
/// Yams resolves aliases to shared nodes, so an alias shows up as a second visit of the same (kind, mark).
struct BoundsWalk {
    private struct Key: Hashable {
        let kind: Int
        let line: Int
        let column: Int
    }

    private var seen: Set<Key> = []
    private var visited = 0
    private var aliases = 0

    mutating func check(_ node: Yams.Node, depth: Int, insideAlias: Bool = false) -> (message: String, mark: Mark?)? {
        visited += 1
        if visited > YAMLReader.maxExpandedNodes {
            return (
                "the document expands to more than \(YAMLReader.maxExpandedNodes) YAML nodes through aliases; Flowgate rejects this to guard against alias expansion bombs",
                node.mark
            )
        }
        if depth > YAMLReader.maxDepth {
            return (
                "the document nests deeper than \(YAMLReader.maxDepth) levels; Flowgate rejects deeply nested YAML",
                node.mark
            )
        }
        var isAlias = insideAlias
        if !insideAlias, let mark = node.mark {
            let kind: Int
            switch node {
            case .scalar: kind = 0
            case .mapping: kind = 1
            case .sequence: kind = 2
            case .alias: kind = 3
            }
            if !seen.insert(Key(kind: kind, line: mark.line, column: mark.column)).inserted {
                isAlias = true
                aliases += 1
                if aliases > YAMLReader.maxAliases {
                    return (
                        "the document uses more than \(YAMLReader.maxAliases) YAML aliases; Flowgate rejects this to guard against alias expansion bombs",
                        node.mark
                    )
                }
            }
        }
        switch node {
        case .scalar, .alias:
            return nil
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let problem = check(key, depth: depth + 1, insideAlias: isAlias) { return problem }
                if let problem = check(value, depth: depth + 1, insideAlias: isAlias) { return problem }
            }
        case .sequence(let sequence):
            for item in sequence {
                if let problem = check(item, depth: depth + 1, insideAlias: isAlias) { return problem }
            }
        }
        return nil
    }
}
