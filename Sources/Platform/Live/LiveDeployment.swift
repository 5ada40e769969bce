/// A deployment that is ready and may take traffic: its running instances and request limits.
/// A new object is published for every (re)start, so the gateway can key per-deployment state by identity.
public final class LiveDeployment: Sendable {
    public let endpointName: String
    public let name: String
    public let requestSettings: RequestSettings
    public let instances: [any ScoringInstance]
    /// The flow snapshot the instances run.
    public let snapshotID: String

    public init(
        endpointName: String, name: String, requestSettings: RequestSettings, instances: [any ScoringInstance],
        snapshotID: String
    ) {
        self.endpointName = endpointName
        self.name = name
        self.requestSettings = requestSettings
        self.instances = instances
        self.snapshotID = snapshotID
    }
}
