import FlowEngine
import FlowSpec

/// A deployment's `connection_overrides` for one flow: a key naming a node gives that node (each of its variants)
/// another connection; any other key names a connection whose every use is mapped to another connection. In-process
/// instances and a process instance's `flow serve` child (its hidden `--connection-override`) apply them alike.
public struct ConnectionOverrides: Sendable {
    /// Node name → the connection it uses instead of its own.
    let nodes: [String: String]
    /// Connection name → the connection used in its place.
    let connections: [String: String]

    public init(_ overrides: [String: String], flow: Flow) {
        let nodeNames = Set(flow.nodes.map(\.name))
        nodes = overrides.filter { nodeNames.contains($0.key) }
        connections = overrides.filter { !nodeNames.contains($0.key) }
    }

    /// The flow with the node overrides written into its nodes (connection names are mapped by `provider`).
    public func apply(to flow: Flow) -> Flow {
        guard !nodes.isEmpty else { return flow }
        var flow = flow
        for index in flow.nodes.indices {
            if let connection = nodes[flow.nodes[index].name], flow.nodes[index].connection != nil {
                flow.nodes[index].connection = connection
            }
        }
        for (name, connection) in nodes {
            guard var variants = flow.nodeVariants[name] else { continue }
            for index in variants.variants.indices where variants.variants[index].node.connection != nil {
                variants.variants[index].node.connection = connection
            }
            flow.nodeVariants[name] = variants
        }
        return flow
    }

    /// The connection a use of `name` resolves to.
    func mapped(_ name: String) -> String {
        connections[name] ?? name
    }

    /// The connections `flow` (after `apply`) needs, mapped: each with a node that uses it, for messages.
    func needed(by flow: Flow) -> [(connection: String, usedBy: String)] {
        var result: [(String, String)] = []
        var seen: Set<String> = []
        for node in flow.allNodeDefinitions {
            guard let name = node.connection else { continue }
            let target = mapped(name)
            if seen.insert(target).inserted { result.append((target, "node '\(node.name)'")) }
        }
        for name in flow.connectionsNeeded where !seen.contains(mapped(name)) {
            seen.insert(mapped(name))
            result.append((mapped(name), "the flow"))
        }
        return result
    }

    /// `base` with the connection names mapped. Under a `ConnectionResolver` the mapping goes beneath its providers,
    /// so its environment overrides apply to the name the flow uses, as they do in an in-process instance.
    public func provider(over base: any ConnectionProvider) -> any ConnectionProvider {
        if connections.isEmpty { return base }
        if let resolver = base as? ConnectionResolver {
            return ConnectionResolver(
                providers: resolver.providers.map { MappedConnections(base: $0, map: connections) },
                environment: resolver.environment)
        }
        return MappedConnections(base: base, map: connections)
    }
}
