/// Orders DAG nodes so each runs after the nodes it references, and finds the cycles that prevent it.
/// The order is stable: among ready nodes the one written first goes first, as promptflow does.
struct DependencyGraph {
    /// Node names in YAML order with the names they depend on (unknown names are ignored).
    let nodes: [(name: String, dependencies: [String])]

    /// The run order of every node not caught in or behind a cycle.
    var executionOrder: [String] {
        let known = Set(nodes.map(\.name))
        var picked: Set<String> = []
        var order: [String] = []
        var progress = true
        while progress {
            progress = false
            for node in nodes where !picked.contains(node.name) {
                if node.dependencies.allSatisfy({ picked.contains($0) || !known.contains($0) }) {
                    picked.insert(node.name)
                    order.append(node.name)
                    progress = true
                    break
                }
            }
        }
        return order
    }

    /// Each cycle as the path of names that closes it (`[a, b, a]`: a references b, b references a).
    var cycles: [[String]] {
        let remaining = Set(nodes.map(\.name)).subtracting(executionOrder)
        guard !remaining.isEmpty else { return [] }
        let dependencies = Dictionary(nodes.map { ($0.name, $0.dependencies) }, uniquingKeysWith: { first, _ in first })
        var settled: Set<String> = []
        var result: [[String]] = []
        for start in nodes.map(\.name) where remaining.contains(start) && !settled.contains(start) {
            var path: [String] = [start]
            var current = start
            while true {
                guard
                    let next = dependencies[current]?.first(where: { remaining.contains($0) && !settled.contains($0) })
                else {
                    settled.formUnion(path)
                    break
                }
                if let loopStart = path.firstIndex(of: next) {
                    var cycle = Array(path[loopStart...])
                    // Start the cycle at the node written first, for a stable message.
                    let position = Dictionary(
                        nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
                    let first = cycle.indices.min { position[cycle[$0]]! < position[cycle[$1]]! }!
                    cycle = Array(cycle[first...] + cycle[..<first])
                    result.append(cycle + [cycle[0]])
                    settled.formUnion(path)
                    break
                }
                path.append(next)
                current = next
            }
        }
        return result
    }
}
