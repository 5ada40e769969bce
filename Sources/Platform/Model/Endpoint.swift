import Foundation

/// An online endpoint's desired state and where it stands: the stable name callers score against, its auth mode,
/// identity and how live traffic (and mirrored traffic) is split across its deployments.
public struct Endpoint: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var tags: [String: String]
    public var authMode: AuthMode
    public var identity: EndpointIdentity
    /// Live traffic in percent by deployment name; the values sum to 0 or 100.
    public var traffic: [String: Int]
    /// A copy of this share of live requests goes to one deployment too (at most 50 %); its answers are dropped.
    public var mirrorTraffic: [String: Int]
    /// Whether a system-assigned identity only gets connection secrets when its creator may read them.
    public var enforceAccessToDefaultSecretStores: Bool
    public var provisioningState: ProvisioningState
    /// Why the last operation failed, when `provisioningState` is `Failed`.
    public var failure: ProvisioningFailure?
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped by the store on every write; an update carries the version it read (optimistic concurrency).
    public var version: Int

    public init(
        name: String, description: String? = nil, tags: [String: String] = [:], authMode: AuthMode = .key,
        identity: EndpointIdentity = .systemAssigned, traffic: [String: Int] = [:], mirrorTraffic: [String: Int] = [:],
        enforceAccessToDefaultSecretStores: Bool = false, provisioningState: ProvisioningState = .creating,
        failure: ProvisioningFailure? = nil, createdAt: Date = Date(), updatedAt: Date? = nil, version: Int = 0
    ) {
        self.name = name
        self.description = description
        self.tags = tags
        self.authMode = authMode
        self.identity = identity
        self.traffic = traffic
        self.mirrorTraffic = mirrorTraffic
        self.enforceAccessToDefaultSecretStores = enforceAccessToDefaultSecretStores
        self.provisioningState = provisioningState
        self.failure = failure
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.version = version
    }

    /// Where callers score: `<base>/endpoints/<name>/score`.
    public func scoringURI(base: URL) -> URL {
        base.appendingPathComponent("endpoints").appendingPathComponent(name).appendingPathComponent("score")
    }

    /// The endpoint's OpenAPI document: `<base>/endpoints/<name>/swagger.json`.
    public func swaggerURI(base: URL) -> URL {
        base.appendingPathComponent("endpoints").appendingPathComponent(name).appendingPathComponent("swagger.json")
    }

    /// The deployments that take live traffic (percent above 0), by name.
    public var deploymentsWithTraffic: Set<String> {
        Set(traffic.filter { $0.value > 0 }.keys)
    }
}
