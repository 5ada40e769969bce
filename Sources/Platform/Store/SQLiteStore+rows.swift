import Foundation
import GRDB

extension SQLiteStore {
    static func endpoint(from row: Row, traffic: [Row]) throws -> Endpoint {
        let state = try StateColumns(row: row, table: "endpoint")
        let authText: String = row["auth_mode"]
        guard let authMode = AuthMode(rawValue: authText) else {
            throw PlatformError.database("endpoint.auth_mode holds '\(authText)', which is not an auth mode.")
        }
        var live: [String: Int] = [:]
        var mirror: [String: Int] = [:]
        for share in traffic {
            let kind: String = share["kind"]
            if kind == "mirror" {
                mirror[share["deployment_name"]] = share["percent"]
            } else {
                live[share["deployment_name"]] = share["percent"]
            }
        }
        return Endpoint(
            name: row["name"], description: row["description"],
            tags: try StoreCoding.decode([String: String].self, row["tags"], column: "endpoint.tags"),
            authMode: authMode,
            identity: try StoreCoding.decode(EndpointIdentity.self, row["identity"], column: "endpoint.identity"),
            traffic: live, mirrorTraffic: mirror,
            enforceAccessToDefaultSecretStores: row["enforce_secret_store_access"],
            provisioningState: state.state, failure: state.failure, createdAt: state.createdAt,
            updatedAt: state.updatedAt, version: state.version)
    }

    static func deployment(from row: Row) throws -> Deployment {
        let state = try StateColumns(row: row, table: "deployment")
        func decode<T: Decodable>(_ type: T.Type, _ column: String) throws -> T {
            try StoreCoding.decode(type, row[column], column: "deployment.\(column)")
        }
        var deployment = Deployment(
            endpointName: row["endpoint_name"], name: row["name"], description: row["description"],
            flowPath: row["flow_path"], snapshotID: row["snapshot_id"], instanceCount: row["instance_count"],
            environmentVariables: try decode([String: String].self, "environment_variables"),
            requestSettings: RequestSettings(
                requestTimeoutMS: row["request_timeout_ms"],
                maxConcurrentRequestsPerInstance: row["max_concurrent_requests_per_instance"],
                maxQueueWaitMS: row["max_queue_wait_ms"]),
            livenessProbe: try decode(ProbeSettings.self, "liveness_probe"),
            readinessProbe: try decode(ProbeSettings.self, "readiness_probe"),
            outputs: try decode([String].self, "outputs"),
            connectionOverrides: try decode([String: String].self, "connection_overrides"),
            tags: try decode([String: String].self, "tags"), provisioningState: state.state, failure: state.failure,
            createdAt: state.createdAt, updatedAt: state.updatedAt, version: state.version,
            variant: row["variant"])
        // Migration 5; NULL (rows written before it) runs in process.
        let runtime: String? = row["instance_runtime"]
        deployment.instanceRuntime = runtime.flatMap(Deployment.InstanceRuntime.init(rawValue:)) ?? .inProcess
        deployment.customRequirements = row["custom_requirements"]  // Migration 7; NULL uses the flow's.
        return deployment
    }

    static func operation(from row: Row) throws -> ProvisioningOperation {
        let kindText: String = row["kind"]
        let statusText: String = row["status"]
        guard let kind = ProvisioningOperation.Kind(rawValue: kindText),
            let status = ProvisioningOperation.Status(rawValue: statusText)
        else {
            throw PlatformError.database("operation \(row["id"] as String) has kind or status the store does not know.")
        }
        let code: String? = row["error_code"]
        let message: String? = row["error_message"]
        return ProvisioningOperation(
            id: row["id"], kind: kind,
            target: .init(endpoint: row["endpoint_name"], deployment: row["deployment_name"]), status: status,
            stages: try StoreCoding.decode([OperationStage].self, row["stages"], column: "operation.stages"),
            error: code.map { ProvisioningFailure(code: $0, message: message ?? "") },
            createdAt: try StoreCoding.date(row["created_at"], column: "operation.created_at"),
            updatedAt: try StoreCoding.date(row["updated_at"], column: "operation.updated_at"))
    }

    static func snapshot(from row: Row) throws -> FlowSnapshot {
        FlowSnapshot(
            id: row["id"], fileCount: row["file_count"], byteCount: row["byte_count"],
            createdAt: try StoreCoding.date(row["created_at"], column: "flow_snapshot.created_at"))
    }
}
