import Platform

extension APIError {
    /// The API's answer to an access-store refusal: 404, 409 or 400 with the store's message.
    init(access error: AccessError) {
        switch error {
        case .notFound(let message): self = .notFound(message)
        case .alreadyExists(let message), .conflict(let message): self = .conflict(message)
        case .invalid(let field, let message): self = .badArgument(field: field, message)
        }
    }

    /// 403: the principal holds no role granting `action` at a scope covering `scope`.
    static func authorizationFailed(principal: String, action: String, scope: String) -> APIError {
        APIError(
            status: .forbidden, code: "AuthorizationFailed",
            message: "principal '\(principal)' lacks '\(action)' on '\(scope)'")
    }
}
