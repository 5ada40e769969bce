import Foundation

/// One entry of the audit log: who (`principal`) did what (`action`, `method`, `target`) with which answer (`status`,
/// `outcome`), when, under which request id. It never holds a request body, a key or a secret.
public struct AuditEvent: Sendable, Equatable {
    /// How a recorded request ended: 2xx succeeded, 401/403 denied, anything else failed.
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        case succeeded
        case denied
        case failed

        /// The outcome of an answer with HTTP `status`.
        public init(status: Int) {
            switch status {
            case 200..<300: self = .succeeded
            case 401, 403: self = .denied
            default: self = .failed
            }
        }
    }

    /// The principal (and principal kind) of a request that presented no valid key; the key itself is never kept.
    public static let anonymous = "anonymous"
    /// The action that reads the audit log: Owner holds it, Contributor's not-actions exclude it, `*/read` misses it.
    public static let listAction = "audit/list/action"
    /// How many events the store keeps by default; older ones are pruned as new ones arrive.
    public static let defaultRetention = 100_000
    /// The environment variable that sets how many events the server keeps.
    public static let retentionVariable = "FLOWGATE_AUDIT_RETENTION"

    /// The retention `environment` asks for (`FLOWGATE_AUDIT_RETENTION`, a whole number ≥ 1), else the default.
    public static func retention(environment: [String: String]) throws(PlatformError) -> Int {
        guard let text = environment[retentionVariable], !text.isEmpty else { return defaultRetention }
        guard let value = Int(text), value >= 1 else {
            throw .database(
                "\(retentionVariable) is '\(text.prefix(40))'; it must be a whole number of events, at least 1.")
        }
        return value
    }
    /// Longer targets and request ids are cut to this many characters before they are stored.
    public static let maxTextLength = 512

    public let id: String
    /// When the answer was given, UTC, kept to the millisecond.
    public let time: Date
    /// The principal's name; `anonymous` when the request was not authenticated.
    public let principal: String
    /// `user`, `service_principal`, `managed_identity`, or `anonymous`.
    public let principalKind: String
    /// The route's action (`endpoints/write`); empty for a route without one.
    public let action: String
    public let method: String
    /// The request path without its query.
    public let target: String
    public let status: Int
    public let outcome: Outcome
    /// The request's `x-request-id`, or the one generated for it.
    public let requestID: String

    public init(
        id: String = UUID().uuidString.lowercased(), time: Date = Date(), principal: String, principalKind: String,
        action: String, method: String, target: String, status: Int, requestID: String
    ) {
        self.id = id
        self.time = time
        self.principal = principal
        self.principalKind = principalKind
        self.action = action
        self.method = method
        self.target = String(target.prefix(Self.maxTextLength))
        self.status = status
        self.outcome = Outcome(status: status)
        self.requestID = String(requestID.prefix(Self.maxTextLength))
    }
}
