/// What the access store and `AccessControl` refuse: a missing or duplicate principal, key, role or assignment,
/// or a change that would break a rule (deleting a role still assigned, touching a built-in).
public enum AccessError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case alreadyExists(String)
    case conflict(String)
    case invalid(field: String, message: String)

    public var description: String {
        switch self {
        case .notFound(let message), .alreadyExists(let message), .conflict(let message): message
        case .invalid(let field, let message): "\(field): \(message)"
        }
    }
}
