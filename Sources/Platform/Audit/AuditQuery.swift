import Foundation

/// Which audit events to read: every filter that is set must match (principal and action exactly, outcome, time at
/// or after `since`); the newest `limit` of those come back, newest first.
public struct AuditQuery: Sendable, Equatable {
    /// The most events one query returns.
    public static let maxLimit = 1_000

    public var principal: String?
    public var action: String?
    public var outcome: AuditEvent.Outcome?
    public var since: Date?
    public var limit: Int

    public init(
        principal: String? = nil, action: String? = nil, outcome: AuditEvent.Outcome? = nil, since: Date? = nil,
        limit: Int = 100
    ) {
        self.principal = principal
        self.action = action
        self.outcome = outcome
        self.since = since
        self.limit = limit
    }
}
