/// What the gateway needs to answer for one endpoint: how callers authenticate, the traffic split and the
/// deployments that are ready. Copied out of `LiveEndpoints` per request (a value; deployments are shared objects).
public struct LiveEndpoint: Sendable {
    public var name: String
    public var authMode: AuthMode
    /// The scoring keys (key auth); `nil` until loaded.
    public var keys: EndpointKeys?
    /// Percent of live traffic by deployment name (sums to 0 or 100).
    public var traffic: [String: Int]
    /// Percent of live requests also copied to one deployment (its answers are dropped).
    public var mirrorTraffic: [String: Int]
    /// Ready deployments by name; a deployment that is not here cannot take requests.
    public var deployments: [String: LiveDeployment]

    public init(
        name: String, authMode: AuthMode, keys: EndpointKeys? = nil, traffic: [String: Int] = [:],
        mirrorTraffic: [String: Int] = [:], deployments: [String: LiveDeployment] = [:]
    ) {
        self.name = name
        self.authMode = authMode
        self.keys = keys
        self.traffic = traffic
        self.mirrorTraffic = mirrorTraffic
        self.deployments = deployments
    }
}
