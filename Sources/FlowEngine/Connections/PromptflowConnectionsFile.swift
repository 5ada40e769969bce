import Foundation
import LLM

/// The JSON file `PROMPTFLOW_CONNECTIONS` names: `{"<name>": {"type": "AzureOpenAIConnection", "value": {…}}}`.
/// promptflow's executor reads it in place of a connection store; Flowgate accepts it the same way.
public struct PromptflowConnectionsFile: ConnectionProvider {
    /// The environment variable that names the file.
    public static let environmentVariable = "PROMPTFLOW_CONNECTIONS"

    /// The connections in the file, by name.
    public let connections: [String: Connection]

    /// Reads and parses the file; every entry is checked, so a bad entry fails here, naming the connection.
    public init(path: String) throws(ConnectionError) {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .invalidConnectionsFile(path: path, reason: "the file does not exist or is not readable.")
        }
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .invalidConnectionsFile(path: path, reason: "the file is not valid JSON.")
        }
        guard case .object(let entries) = root else {
            throw .invalidConnectionsFile(
                path: path, reason: "the file must hold a JSON object of connections by name.")
        }
        var connections: [String: Connection] = [:]
        for (name, entry) in entries {
            guard case .object(let object) = entry else {
                throw .invalid(connection: name, reason: "the entry in \(path) must be a JSON object.")
            }
            connections[name] = try ConnectionJSON.connection(named: name, from: object)
        }
        self.connections = connections
    }

    public func connection(named name: String) async throws -> Connection? { connections[name] }
}
