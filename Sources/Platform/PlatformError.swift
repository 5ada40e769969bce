/// A failure of the platform's own machinery: the data directory, the master key, the store's database.
/// Messages name the file or variable involved and never include a secret.
public enum PlatformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data directory cannot be created or used.
    case dataDirectory(String)
    /// The master key is missing, malformed or unsafe (`FLOWGATE_MASTER_KEY` or `master.key`).
    case masterKey(String)
    /// Sealed data does not open under this key: the key is not the one it was sealed with, or the data was altered.
    case wrongKey(String)
    /// The store's database failed.
    case store(String)
    /// The platform store's database (`flowgate.sqlite`) failed or holds data this build cannot read.
    case database(String)

    public var description: String {
        switch self {
        case .dataDirectory(let message): "Data directory: \(message)"
        case .masterKey(let message): "Master key: \(message)"
        case .wrongKey(let message): message
        case .store(let message): "Connection store: \(message)"
        case .database(let message): "Platform store: \(message)"
        }
    }
}
