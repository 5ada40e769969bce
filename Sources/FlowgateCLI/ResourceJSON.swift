import FlowSpec
import Platform

/// The request bodies of the management API built from `Endpoint` / `Deployment` values (read from Azure YAML or
/// flags): the writable keys in Azure's snake_case, only those named in `keys` so an update changes nothing else.
enum ResourceJSON {
    static let endpointKeys = [
        "name", "description", "tags", "auth_mode", "identity", "traffic", "mirror_traffic", "properties",
    ]
    static let deploymentKeys = [
        "name", "endpoint_name", "description", "snapshot_id", "instance_count", "environment_variables",
        "request_settings", "liveness_probe", "readiness_probe", "outputs", "connection_overrides", "tags",
        "environment",
    ]

    /// The endpoint's writable keys that are in `keys`, in the API's order.
    static func endpoint(_ endpoint: Endpoint, keys: Set<String>) -> FlowObject {
        var body = FlowObject()
        for key in endpointKeys where keys.contains(key) {
            switch key {
            case "name": body[key] = .string(endpoint.name)
            case "description": body[key] = endpoint.description.map(FlowValue.string) ?? .null
            case "tags": body[key] = strings(endpoint.tags)
            case "auth_mode": body[key] = .string(endpoint.authMode.rawValue)
            case "identity": body[key] = identity(endpoint.identity)
            case "traffic": body[key] = numbers(endpoint.traffic)
            case "mirror_traffic": body[key] = numbers(endpoint.mirrorTraffic)
            case "properties":
                body[key] = .object([
                    "enforce_access_to_default_secret_stores":
                        .string(endpoint.enforceAccessToDefaultSecretStores ? "enabled" : "disabled")
                ])
            default: break
            }
        }
        return body
    }

    /// The deployment's writable keys that are in `keys`; `model` is never sent (the CLI uploads the folder and
    /// sends `snapshot_id`, so a remote server needs no access to this machine's files).
    static func deployment(_ deployment: Deployment, keys: Set<String>) -> FlowObject {
        var body = FlowObject()
        for key in deploymentKeys where keys.contains(key) {
            switch key {
            case "name": body[key] = .string(deployment.name)
            case "endpoint_name": body[key] = .string(deployment.endpointName)
            case "description": body[key] = deployment.description.map(FlowValue.string) ?? .null
            case "snapshot_id": body[key] = deployment.snapshotID.map(FlowValue.string) ?? .null
            case "instance_count": body[key] = .int(deployment.instanceCount)
            case "environment_variables": body[key] = strings(deployment.environmentVariables)
            case "request_settings":
                let settings = deployment.requestSettings
                body[key] = .object([
                    "request_timeout_ms": .int(settings.requestTimeoutMS),
                    "max_concurrent_requests_per_instance": .int(settings.maxConcurrentRequestsPerInstance),
                    "max_queue_wait_ms": .int(settings.maxQueueWaitMS),
                ])
            case "liveness_probe": body[key] = probe(deployment.livenessProbe)
            case "readiness_probe": body[key] = probe(deployment.readinessProbe)
            case "outputs": body[key] = .list(deployment.outputs.map(FlowValue.string))
            case "connection_overrides": body[key] = strings(deployment.connectionOverrides)
            case "tags": body[key] = strings(deployment.tags)
            case "environment":
                body[key] = deployment.customRequirements.map { .object(["requirements": .string($0)]) } ?? .null
            default: break
            }
        }
        return body
    }

    static func strings(_ values: [String: String]) -> FlowValue {
        .object(FlowObject(values.sorted { $0.key < $1.key }.map { ($0.key, FlowValue.string($0.value)) }))
    }

    static func numbers(_ values: [String: Int]) -> FlowValue {
        .object(FlowObject(values.sorted { $0.key < $1.key }.map { ($0.key, FlowValue.int($0.value)) }))
    }

    private static func identity(_ identity: EndpointIdentity) -> FlowValue {
        var object: FlowObject = ["type": .string(identity.kind.rawValue)]
        if !identity.userAssignedIdentities.isEmpty {
            object["user_assigned_identities"] = .list(
                identity.userAssignedIdentities.map { assigned in
                    var ids = FlowObject()
                    if let id = assigned.resourceID { ids["resource_id"] = .string(id) }
                    if let id = assigned.clientID { ids["client_id"] = .string(id) }
                    if let id = assigned.objectID { ids["object_id"] = .string(id) }
                    return .object(ids)
                })
        }
        return .object(object)
    }

    private static func probe(_ probe: ProbeSettings) -> FlowValue {
        .object([
            "initial_delay": .int(probe.initialDelay), "period": .int(probe.period), "timeout": .int(probe.timeout),
            "success_threshold": .int(probe.successThreshold), "failure_threshold": .int(probe.failureThreshold),
        ])
    }
}
