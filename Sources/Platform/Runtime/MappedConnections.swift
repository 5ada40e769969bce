import FlowEngine

/// Looks a mapped connection up under its new name and hands it back under the name the flow asked for.
struct MappedConnections: ConnectionProvider {
    let base: any ConnectionProvider
    let map: [String: String]

    func connection(named name: String) async throws -> Connection? {
        guard let target = map[name] else { return try await base.connection(named: name) }
        guard var connection = try await base.connection(named: target) else { return nil }
        connection.name = name
        return connection
    }
}
