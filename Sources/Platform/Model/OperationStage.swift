import Foundation

/// One step of a provisioning operation, with when it started and ended and what it said (pip's error, …).
/// The stage names the reconciler uses are the constants below, in the order they run.
public struct OperationStage: Sendable, Hashable, Codable {
    /// Where a stage stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending = "Pending"
        case running = "Running"
        case succeeded = "Succeeded"
        case failed = "Failed"
        case skipped = "Skipped"
    }

    public static let endpointCreated = "endpoint created"
    public static let flowRegistered = "flow registered"
    public static let environmentBuilt = "environment built"
    /// Every connection the flow uses (after `connection_overrides`) exists; issue 6 adds the identity's roles.
    public static let checkAccess = "check access"
    public static let instancesStarted = "instances started"
    public static let ready = "ready"
    /// A delete: the deployment's instances left the live table, finished their requests and stopped.
    public static let instancesStopped = "instances stopped"

    public var name: String
    public var status: Status
    public var startedAt: Date?
    public var endedAt: Date?
    public var message: String?

    public init(
        name: String, status: Status = .pending, startedAt: Date? = nil, endedAt: Date? = nil, message: String? = nil
    ) {
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.message = message
    }
}
