import FlowEngine
import FlowSpec
import Foundation
import Platform

/// The JSON of each resource the API answers with: Azure ML's snake_case keys (COMPAT §D) plus read-only fields.
/// `writable` forms hold only what a client may send, so a PATCH can be merged into them and read back.
enum ResourceJSON {
    /// An endpoint with its URIs and the id of its newest operation.
    static func endpoint(_ endpoint: Endpoint, base: URL, latestOperation: String?) -> FlowObject {
        var object: FlowObject = ["name": .string(endpoint.name), "description": JSONBody.text(endpoint.description)]
        for (key, value) in writable(endpoint) where key != "description" { object[key] = value }
        object["provisioning_state"] = .string(endpoint.provisioningState.rawValue)
        object["failure"] = failure(endpoint.failure)
        object["scoring_uri"] = .string(endpoint.scoringURI(base: base).absoluteString)
        object["openapi_uri"] = .string(endpoint.swaggerURI(base: base).absoluteString)
        object["created_at"] = JSONBody.time(endpoint.createdAt)
        object["updated_at"] = JSONBody.time(endpoint.updatedAt)
        object["latest_operation_id"] = JSONBody.text(latestOperation)
        return object
    }

    /// The keys of an endpoint a client writes.
    static func writable(_ endpoint: Endpoint) -> FlowObject {
        var identity: FlowObject = ["type": .string(endpoint.identity.kind.rawValue)]
        if !endpoint.identity.userAssignedIdentities.isEmpty {
            identity["user_assigned_identities"] = .list(
                endpoint.identity.userAssignedIdentities.map { user in
                    var ids = FlowObject()
                    if let id = user.resourceID { ids["resource_id"] = .string(id) }
                    if let id = user.clientID { ids["client_id"] = .string(id) }
                    if let id = user.objectID { ids["object_id"] = .string(id) }
                    return .object(ids)
                })
        }
        var object: FlowObject = ["name": .string(endpoint.name)]
        // An absent description is left out: the definition reader takes text only (a response writes `null`).
        if let description = endpoint.description { object["description"] = .string(description) }
        let rest: FlowObject = [
            "tags": JSONBody.map(endpoint.tags), "auth_mode": .string(endpoint.authMode.rawValue),
            "identity": .object(identity), "traffic": JSONBody.map(endpoint.traffic),
            "mirror_traffic": JSONBody.map(endpoint.mirrorTraffic),
            "properties": [
                "enforce_access_to_default_secret_stores":
                    .string(endpoint.enforceAccessToDefaultSecretStores ? "enabled" : "disabled")
            ],
        ]
        for (key, value) in rest { object[key] = value }
        return object
    }

    /// A deployment with its state and the id of its newest operation.
    static func deployment(_ deployment: Deployment, latestOperation: String?) -> FlowObject {
        var object: FlowObject = [
            "name": .string(deployment.name), "endpoint_name": .string(deployment.endpointName),
            "description": JSONBody.text(deployment.description), "model": JSONBody.text(deployment.flowPath),
            "snapshot_id": JSONBody.text(deployment.snapshotID), "variant": JSONBody.text(deployment.variant),
        ]
        for (key, value) in writable(deployment) where object[key] == nil { object[key] = value }
        // `null`: the environment is built from the flow's requirements.txt.
        if object["environment"] == nil { object["environment"] = .null }
        object["provisioning_state"] = .string(deployment.provisioningState.rawValue)
        object["failure"] = failure(deployment.failure)
        object["created_at"] = JSONBody.time(deployment.createdAt)
        object["updated_at"] = JSONBody.time(deployment.updatedAt)
        object["latest_operation_id"] = JSONBody.text(latestOperation)
        return object
    }

    /// The keys of a deployment a client writes (the flow as `model` when it has a path, else `snapshot_id`).
    static func writable(_ deployment: Deployment) -> FlowObject {
        var object: FlowObject = ["name": .string(deployment.name)]
        if let description = deployment.description { object["description"] = .string(description) }
        if let path = deployment.flowPath {
            object["model"] = .string(path)
        } else if let snapshot = deployment.snapshotID {
            object["snapshot_id"] = .string(snapshot)
        }
        let settings = deployment.requestSettings
        object["instance_count"] = .int(deployment.instanceCount)
        object["environment_variables"] = JSONBody.map(deployment.environmentVariables)
        object["request_settings"] = [
            "request_timeout_ms": .int(settings.requestTimeoutMS),
            "max_concurrent_requests_per_instance": .int(settings.maxConcurrentRequestsPerInstance),
            "max_queue_wait_ms": .int(settings.maxQueueWaitMS),
        ]
        object["liveness_probe"] = probe(deployment.livenessProbe)
        object["readiness_probe"] = probe(deployment.readinessProbe)
        object["outputs"] = .list(deployment.outputs.map { .string($0) })
        object["connection_overrides"] = JSONBody.map(deployment.connectionOverrides)
        object["tags"] = JSONBody.map(deployment.tags)
        object["instance_runtime"] = .string(deployment.instanceRuntime.rawValue)
        if let requirements = deployment.customRequirements {
            object["environment"] = ["requirements": .string(requirements)]
        }
        return object
    }

    static func operation(_ operation: ProvisioningOperation) -> FlowValue {
        [
            "id": .string(operation.id), "kind": .string(operation.kind.rawValue),
            "target": [
                "endpoint": .string(operation.target.endpoint),
                "deployment": JSONBody.text(operation.target.deployment),
            ],
            "status": .string(operation.status.rawValue),
            "stages": .list(
                operation.stages.map { stage in
                    [
                        "name": .string(stage.name), "status": .string(stage.status.rawValue),
                        "started_at": JSONBody.time(stage.startedAt), "ended_at": JSONBody.time(stage.endedAt),
                        "message": JSONBody.text(stage.message),
                    ]
                }),
            "error": failure(operation.error), "created_at": JSONBody.time(operation.createdAt),
            "updated_at": JSONBody.time(operation.updatedAt),
        ]
    }

    static func snapshot(_ snapshot: FlowSnapshot) -> FlowValue {
        [
            "id": .string(snapshot.id), "file_count": .int(snapshot.fileCount), "byte_count": .int(snapshot.byteCount),
            "created_at": JSONBody.time(snapshot.createdAt),
        ]
    }

    /// A connection in promptflow's shape (fields at the top level; `configs`/`secrets` for custom), secrets masked.
    static func connection(_ stored: StoredConnection) -> FlowObject {
        let connection = stored.connection.masked
        var object: FlowObject = [
            "name": .string(connection.name), "type": .string(connection.type), "module": .string(connection.module),
        ]
        if connection.schema?.isCustom ?? true {
            object["configs"] = .object(FlowObject(connection.configs.map { ($0.key, FlowValue.string($0.value)) }))
            object["secrets"] = .object(FlowObject(connection.secrets.map { ($0.key, FlowValue.string($0.value)) }))
        } else {
            for (key, value) in connection.configs { object[key] = .string(value) }
            for (key, value) in connection.secrets { object[key] = .string(value) }
        }
        object["created_date"] = JSONBody.time(stored.createdAt)
        object["last_modified_date"] = JSONBody.time(stored.updatedAt)
        return object
    }

    private static func probe(_ probe: ProbeSettings) -> FlowValue {
        [
            "initial_delay": .int(probe.initialDelay), "period": .int(probe.period), "timeout": .int(probe.timeout),
            "success_threshold": .int(probe.successThreshold), "failure_threshold": .int(probe.failureThreshold),
        ]
    }

    private static func failure(_ failure: ProvisioningFailure?) -> FlowValue {
        failure.map { ["code": .string($0.code), "message": .string($0.message)] } ?? .null
    }
}
