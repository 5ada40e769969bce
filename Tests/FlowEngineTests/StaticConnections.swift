import FlowEngine

/// A test double connection provider: connections held in memory by name.
struct StaticConnections: ConnectionProvider {
    let connections: [String: Connection]

    init(_ connections: [Connection]) {
        self.connections = Dictionary(uniqueKeysWithValues: connections.map { ($0.name, $0) })
    }

    func connection(named name: String) async throws -> Connection? { connections[name] }

    /// `open_ai_connection` pointing at a test server.
    static func openAI(baseURL: String) -> StaticConnections {
        StaticConnections([
            Connection(
                name: "open_ai_connection", type: "open_ai", configs: ["base_url": baseURL], secrets: ["api_key": "sk-test"])
        ])
    }
}
