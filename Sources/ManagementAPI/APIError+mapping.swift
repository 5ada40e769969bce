import FlowEngine
import FlowSpec
import Platform

extension APIError {
    /// The answer for an error a handler let through: the store's and the platform's errors keep their meaning
    /// (missing → 404, exists or changed → 409, invalid → 400 with field details); anything else is a 500.
    init(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as ResourceValidationError:
            self = .badArgument(
                error.issues.map(\.description).joined(separator: "; "),
                details: error.issues.map { Detail(field: $0.field, message: $0.message) })
        case let error as StoreError:
            self = Self.store(error)
        case let error as ConnectionError:
            self = Self.connection(error)
        case let error as SnapshotError:
            self = .badArgument(error.description)
        case let error as FlowValue.JSONError:
            self = .badArgument("the request body is not JSON: \(error.description)")
        default:
            self = .internalError("the server could not complete the request; its log says why")
        }
    }

    private static func store(_ error: StoreError) -> APIError {
        switch error {
        case .notFound(let resource, let name):
            // The keys of an endpoint are missing only when the endpoint is.
            let resource = resource == .keys ? .endpoint : resource
            return .notFound("\(resource.rawValue) '\(name)' does not exist")
        case .alreadyExists, .versionConflict:
            return .conflict(error.description)
        }
    }

    private static func connection(_ error: ConnectionError) -> APIError {
        switch error {
        case .notFound: .notFound(error.description)
        case .alreadyExists(let name): .conflict("connection '\(name)' already exists")
        case .missingField(let field, _, _):
            .badArgument(error.description, details: [Detail(field: field, message: error.description)])
        case .environmentVariableNotSet(_, _, let key):
            .badArgument(
                "'\(key)' refers to an environment variable; the server does not read its own environment for a request",
                details: [Detail(field: key, message: "${env:…} values are not resolved by the server")])
        case .unknownType: .badArgument(error.description, details: [Detail(field: "type", message: error.description)])
        case .invalid, .invalidConnectionsFile: .badArgument(error.description)
        }
    }
}
