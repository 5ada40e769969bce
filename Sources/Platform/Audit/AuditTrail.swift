import Foundation
import Logging

/// Records audit events in the store for the management API. A write that fails is logged as a warning (without the
/// event's details beyond its action and status) and never reaches the caller, so the request still gets its answer.
public struct AuditTrail: Sendable {
    public let store: any Store
    let logger: Logger

    public init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Stores `event`; never throws.
    public func record(_ event: AuditEvent) async {
        do {
            try await store.recordAuditEvent(event)
        } catch {
            logger.warning(
                "audit event not recorded",
                metadata: [
                    "action": .string(event.action), "status": .stringConvertible(event.status),
                    "error": .string(String(describing: error)),
                ])
        }
    }

    /// The events `query` selects, newest first.
    public func events(_ query: AuditQuery) async throws -> [AuditEvent] {
        try await store.auditEvents(query)
    }
}
