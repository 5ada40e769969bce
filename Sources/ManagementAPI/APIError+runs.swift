import Platform

extension APIError {
    /// A run error as the API answers it: a bad field is a 400 naming it, a missing run 404, a taken name 409.
    static func run(_ error: ServerRunError) -> APIError {
        switch error {
        case .badArgument(let field, let message): .badArgument(field: field, message)
        case .notFound: .notFound(error.description)
        case .alreadyExists: .conflict(error.description)
        case .internalError(let message): .internalError(message)
        }
    }
}
