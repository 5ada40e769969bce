/// Why a bulk run could not be started or found on the server: a request field that is wrong (named), a run
/// that does not exist, or a name already taken.
public enum ServerRunError: Error, Sendable, Equatable, CustomStringConvertible {
    case badArgument(field: String, message: String)
    case notFound(String)
    case alreadyExists(String)
    /// Flowgate's own trouble (the run folder cannot be written).
    case internalError(String)

    public var description: String {
        switch self {
        case .badArgument(let field, let message): "\(field): \(message)"
        case .notFound(let name): "run '\(name)' does not exist"
        case .alreadyExists(let name): "a run named '\(name)' already exists"
        case .internalError(let message): message
        }
    }
}
