import Foundation

/// One asynchronous create, update or delete of an endpoint or deployment, as the activity list shows it:
/// its stages with timestamps (endpoint created, flow registered, environment built, instances started, ready).
public struct ProvisioningOperation: Sendable, Hashable {
    /// What the operation does.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case create
        case update
        case delete
    }

    /// Where the operation stands; it ends in `succeeded`, `failed` or `canceled`.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case running = "Running"
        case succeeded = "Succeeded"
        case failed = "Failed"
        case canceled = "Canceled"
    }

    /// What the operation works on: an endpoint, or one of its deployments.
    public struct Target: Sendable, Hashable, Codable {
        public var endpoint: String
        public var deployment: String?

        public init(endpoint: String, deployment: String? = nil) {
            self.endpoint = endpoint
            self.deployment = deployment
        }
    }

    public let id: String
    public var kind: Kind
    public var target: Target
    public var status: Status
    public var stages: [OperationStage]
    public var error: ProvisioningFailure?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), kind: Kind, target: Target, status: Status = .running,
        stages: [OperationStage] = [], error: ProvisioningFailure? = nil, createdAt: Date = Date(),
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.status = status
        self.stages = stages
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Marks stage `name` running from `date` (adding it when missing).
    public mutating func start(_ name: String, at date: Date = Date()) {
        update(name) {
            $0.status = .running
            $0.startedAt = date
        }
        updatedAt = date
    }

    /// Ends stage `name` with `status` at `date` (adding it when missing), with an optional message.
    public mutating func finish(
        _ name: String, _ status: OperationStage.Status = .succeeded, message: String? = nil, at date: Date = Date()
    ) {
        update(name) {
            $0.status = status
            if $0.startedAt == nil { $0.startedAt = date }
            $0.endedAt = date
            if let message { $0.message = message }
        }
        updatedAt = date
    }

    private mutating func update(_ name: String, _ change: (inout OperationStage) -> Void) {
        if let index = stages.firstIndex(where: { $0.name == name }) {
            change(&stages[index])
        } else {
            var stage = OperationStage(name: name)
            change(&stage)
            stages.append(stage)
        }
    }
}
