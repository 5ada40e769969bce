/// A store request that the stored state refuses: a missing or duplicate resource, or a stale version.
/// Rule violations (traffic on a deleted deployment, too many deployments) are `ResourceValidationError`s instead.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of resource an error is about.
    public enum Resource: String, Sendable, Equatable {
        case endpoint
        case deployment
        case snapshot
        case operation
        case keys
    }

    case notFound(Resource, String)
    case alreadyExists(Resource, String)
    /// The resource changed since it was read (its version is no longer `expected`); read it again and retry.
    case versionConflict(Resource, String, expected: Int)

    public var description: String {
        switch self {
        case .notFound(let resource, let name): "\(resource.rawValue) '\(name)' does not exist"
        case .alreadyExists(let resource, let name): "\(resource.rawValue) '\(name)' already exists"
        case .versionConflict(let resource, let name, let expected):
            "\(resource.rawValue) '\(name)' changed since version \(expected) was read; read it again and retry"
        }
    }
}
