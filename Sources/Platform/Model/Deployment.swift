import Foundation

/// One deployment of a flow behind an endpoint: which flow (a path the server reads, then its immutable snapshot),
/// how many instances, their environment, request limits and probes, and where provisioning stands.
public struct Deployment: Sendable, Hashable {
    /// Azure's limit: up to 20 deployments per endpoint.
    public static let maxPerEndpoint = 20
    /// In-process instances per deployment on one machine.
    public static let maxInstanceCount = 16

    public var endpointName: String
    public var name: String
    public var description: String?
    /// The flow folder as the user named it (a path readable by the server); `nil` once only the snapshot matters.
    public var flowPath: String?
    /// The content hash of the flow's snapshot, set when the flow is registered.
    public var snapshotID: String?
    /// `${node.variant_id}` the instances serve instead of that node's default variant (a run's variant).
    public var variant: String?
    public var instanceCount: Int
    public var environmentVariables: [String: String]
    public var requestSettings: RequestSettings
    public var livenessProbe: ProbeSettings
    public var readinessProbe: ProbeSettings
    /// The flow outputs the endpoint returns; empty means all of them.
    public var outputs: [String]
    /// Node or connection name → the connection to use instead.
    public var connectionOverrides: [String: String]
    public var tags: [String: String]
    public var provisioningState: ProvisioningState
    public var failure: ProvisioningFailure?
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped by the store on every write; an update carries the version it read.
    public var version: Int
    /// Where each instance runs: inside the server (the default) or as a `flowgate flow serve` child process.
    public var instanceRuntime: InstanceRuntime = .inProcess
    /// A requirements text the environment is built from instead of the flow's requirements.txt
    /// (`environment: {requirements: ...}` in its JSON and YAML); `nil` uses the flow's.
    public var customRequirements: String?

    /// Where a deployment's instances run (`instance_runtime` in its JSON and YAML).
    /// `in_process` shares the server's process; `process` spawns one `flowgate flow serve` child per instance.
    public enum InstanceRuntime: String, Sendable, Hashable, CaseIterable {
        case inProcess = "in_process"
        case process
    }

    public init(
        endpointName: String, name: String, description: String? = nil, flowPath: String? = nil,
        snapshotID: String? = nil, instanceCount: Int = 1, environmentVariables: [String: String] = [:],
        requestSettings: RequestSettings = RequestSettings(), livenessProbe: ProbeSettings = ProbeSettings(),
        readinessProbe: ProbeSettings = ProbeSettings(), outputs: [String] = [],
        connectionOverrides: [String: String] = [:], tags: [String: String] = [:],
        provisioningState: ProvisioningState = .creating, failure: ProvisioningFailure? = nil,
        createdAt: Date = Date(), updatedAt: Date? = nil, version: Int = 0, variant: String? = nil
    ) {
        self.variant = variant
        self.endpointName = endpointName
        self.name = name
        self.description = description
        self.flowPath = flowPath
        self.snapshotID = snapshotID
        self.instanceCount = instanceCount
        self.environmentVariables = environmentVariables
        self.requestSettings = requestSettings
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.outputs = outputs
        self.connectionOverrides = connectionOverrides
        self.tags = tags
        self.provisioningState = provisioningState
        self.failure = failure
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.version = version
    }

    /// Checks names, counts, bounds and that the deployment names a flow (a path or a snapshot).
    public func validate() throws(ResourceValidationError) {
        var issues = ValidationIssues()
        ResourceName.check(name, field: "name", into: &issues)
        ResourceName.check(endpointName, field: "endpoint_name", into: &issues)
        issues.require(
            flowPath.map { !$0.isEmpty } ?? false || snapshotID.map(FlowSnapshot.isValidID) ?? false, "model",
            "name the flow folder (model: path/to/flow)")
        if let snapshotID, !FlowSnapshot.isValidID(snapshotID) {
            issues.add("snapshot", "'\(snapshotID.prefix(80))' is not a snapshot id (64 lowercase hex digits)")
        }
        issues.require(
            (1...Self.maxInstanceCount).contains(instanceCount), "instance_count",
            "\(instanceCount) is out of range; a deployment runs 1 to \(Self.maxInstanceCount) instances")
        for key in environmentVariables.keys.sorted() where !Self.isEnvironmentName(key) {
            issues.add(
                "environment_variables",
                "'\(key.prefix(60))' is not a variable name (letters, digits, _; not a digit first)")
        }
        requestSettings.validate(into: &issues)
        livenessProbe.validate(field: "liveness_probe", into: &issues)
        readinessProbe.validate(field: "readiness_probe", into: &issues)
        for output in outputs where output.isEmpty {
            issues.add("outputs", "output names cannot be empty")
        }
        issues.require(Set(outputs).count == outputs.count, "outputs", "an output is listed twice")
        for (target, connection) in connectionOverrides.sorted(by: { $0.key < $1.key })
        where target.isEmpty || connection.isEmpty {
            issues.add(
                "connection_overrides", "'\(target)' → '\(connection)' needs a node or connection and a connection")
        }
        Endpoint.checkTags(tags, into: &issues)
        if let customRequirements {
            CustomRequirements.check(customRequirements, into: &issues)
        }
        try issues.throwIfAny()
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
