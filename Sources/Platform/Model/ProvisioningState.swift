/// Where an endpoint or deployment stands on its way to the desired state, with Azure ML's spellings.
/// `Scaling` is for deployments only; `Succeeded`, `Failed` and `Canceled` end an operation.
public enum ProvisioningState: String, Sendable, Hashable, Codable, CaseIterable {
    case creating = "Creating"
    case updating = "Updating"
    case scaling = "Scaling"
    case deleting = "Deleting"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case canceled = "Canceled"

    /// Whether no work is under way in this state.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .canceled: true
        case .creating, .updating, .scaling, .deleting: false
        }
    }
}
