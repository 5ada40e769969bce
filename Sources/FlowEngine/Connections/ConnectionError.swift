/// Why a connection could not be found, built, stored or resolved; the message names the connection.
/// No case carries a secret value, so messages are safe to print and log.
public enum ConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection with this name exists anywhere the resolver looks.
    case notFound(name: String)
    /// A connection with this name already exists (create refuses to overwrite it).
    case alreadyExists(name: String)
    /// The `type` is not one promptflow knows.
    case unknownType(String, connection: String)
    /// A field the type requires is missing or empty.
    case missingField(String, connection: String, type: String)
    /// A value is `${env:VAR}` and `VAR` is not set.
    case environmentVariableNotSet(String, connection: String, key: String)
    /// The connection definition is malformed (bad key, wrong shape); the reason says which.
    case invalid(connection: String, reason: String)
    /// The `PROMPTFLOW_CONNECTIONS` file cannot be read or parsed.
    case invalidConnectionsFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let name):
            return "Connection '\(name)' not found."
        case .alreadyExists(let name):
            return "Connection '\(name)' already exists; use `flowgate connection update` to change it."
        case .unknownType(let type, let connection):
            return "Connection '\(connection)': type '\(type)' is not supported. Supported types are: "
                + ConnectionSchema.knownTypes.joined(separator: ", ") + "."
        case .missingField(let field, let connection, let type):
            return "Connection '\(connection)' of type \(type) needs '\(field)'."
        case .environmentVariableNotSet(let variable, let connection, let key):
            return "Connection '\(connection)': '\(key)' refers to environment variable \(variable), which is not set."
        case .invalid(let connection, let reason):
            return "Connection '\(connection)': \(reason)"
        case .invalidConnectionsFile(let path, let reason):
            return "Cannot read the PROMPTFLOW_CONNECTIONS file \(path): \(reason)"
        }
    }
}
