import Foundation
import GRDB

extension SQLiteStore {
    public func createDeployment(_ deployment: Deployment, operation: ProvisioningOperation?) async throws -> Deployment
    {
        try deployment.validate()
        var stored = deployment
        stored.createdAt = StoreCoding.rounded(Date())
        stored.updatedAt = stored.createdAt
        stored.version = 1
        let row = stored
        try await write { db in
            guard try Self.exists(db, "SELECT 1 FROM endpoint WHERE name = ?", [row.endpointName]) else {
                throw StoreError.notFound(.endpoint, row.endpointName)
            }
            if try Self.exists(
                db, "SELECT 1 FROM deployment WHERE endpoint_name = ? AND name = ?", [row.endpointName, row.name])
            {
                throw StoreError.alreadyExists(.deployment, "\(row.endpointName)/\(row.name)")
            }
            let count =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM deployment WHERE endpoint_name = ?", arguments: [row.endpointName])
                ?? 0
            if count >= Deployment.maxPerEndpoint {
                throw ResourceValidationError(
                    field: "name",
                    message: "endpoint '\(row.endpointName)' already has \(count) deployments; "
                        + "an endpoint has at most \(Deployment.maxPerEndpoint)")
            }
            try Self.checkSnapshot(db, row)
            try db.execute(
                sql: """
                    INSERT INTO deployment (endpoint_name, name, description, flow_path, snapshot_id, instance_count,
                        environment_variables, request_timeout_ms, max_concurrent_requests_per_instance,
                        max_queue_wait_ms, liveness_probe, readiness_probe, outputs, connection_overrides, tags,
                        provisioning_state, failure_code, failure_message, created_at, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments([row.endpointName, row.name] + (try Self.contentArguments(row))))
            try Self.saveVariant(db, row)
            if let operation { try Self.saveOperation(db, operation) }
        }
        return stored
    }

    public func deployment(_ name: String, endpoint: String) async throws -> Deployment {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM deployment WHERE endpoint_name = ? AND name = ?",
                    arguments: [endpoint, name])
            else { throw StoreError.notFound(.deployment, "\(endpoint)/\(name)") }
            return try Self.deployment(from: row)
        }
    }

    public func deployments(endpoint: String?) async throws -> [Deployment] {
        try await read { db in
            let rows =
                if let endpoint {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM deployment WHERE endpoint_name = ? ORDER BY name", arguments: [endpoint]
                    )
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM deployment ORDER BY endpoint_name, name")
                }
            return try rows.map(Self.deployment(from:))
        }
    }

    public func updateDeployment(_ deployment: Deployment, operation: ProvisioningOperation?) async throws -> Deployment
    {
        try deployment.validate()
        var changed = deployment
        changed.updatedAt = StoreCoding.rounded(Date())
        let row = changed
        return try await write { db in
            try Self.checkSnapshot(db, row)
            var arguments = try Self.contentArguments(row)
            // contentArguments ends with created_at, updated_at, version: keep created_at, bump the version.
            arguments.removeLast(3)
            arguments += [StoreCoding.text(row.updatedAt), row.endpointName, row.name, row.version]
            try db.execute(
                sql: """
                    UPDATE deployment SET description = ?, flow_path = ?, snapshot_id = ?, instance_count = ?,
                        environment_variables = ?, request_timeout_ms = ?, max_concurrent_requests_per_instance = ?,
                        max_queue_wait_ms = ?, liveness_probe = ?, readiness_probe = ?, outputs = ?,
                        connection_overrides = ?, tags = ?, provisioning_state = ?, failure_code = ?,
                        failure_message = ?, updated_at = ?, version = version + 1
                    WHERE endpoint_name = ? AND name = ? AND version = ?
                    """,
                arguments: StatementArguments(arguments))
            let key = "\(row.endpointName)/\(row.name)"
            if db.changesCount == 0 {
                guard
                    try Self.exists(
                        db, "SELECT 1 FROM deployment WHERE endpoint_name = ? AND name = ?",
                        [row.endpointName, row.name])
                else { throw StoreError.notFound(.deployment, key) }
                throw StoreError.versionConflict(.deployment, key, expected: row.version)
            }
            try Self.saveVariant(db, row)
            if let operation { try Self.saveOperation(db, operation) }
            guard
                let stored = try Row.fetchOne(
                    db, sql: "SELECT * FROM deployment WHERE endpoint_name = ? AND name = ?",
                    arguments: [row.endpointName, row.name])
            else { throw StoreError.notFound(.deployment, key) }
            return try Self.deployment(from: stored)
        }
    }

    public func deleteDeployment(_ name: String, endpoint: String, operation: ProvisioningOperation?) async throws {
        try await write { db in
            let shares = try Row.fetchAll(
                db, sql: "SELECT kind, percent FROM endpoint_traffic WHERE endpoint_name = ? AND deployment_name = ?",
                arguments: [endpoint, name])
            for share in shares where (share["percent"] as Int) > 0 {
                let mirror = (share["kind"] as String) == "mirror"
                throw ResourceValidationError(
                    field: mirror ? "mirror_traffic.\(name)" : "traffic.\(name)",
                    message: "deployment '\(name)' takes \(share["percent"] as Int) % of endpoint '\(endpoint)''s "
                        + (mirror ? "mirrored" : "live") + " traffic; set it to 0 before deleting the deployment")
            }
            if !shares.isEmpty {
                try db.execute(
                    sql: "DELETE FROM endpoint_traffic WHERE endpoint_name = ? AND deployment_name = ?",
                    arguments: [endpoint, name])
                try db.execute(
                    sql: "UPDATE endpoint SET version = version + 1, updated_at = ? WHERE name = ?",
                    arguments: [StoreCoding.text(Date()), endpoint])
            }
            try db.execute(
                sql: "DELETE FROM deployment WHERE endpoint_name = ? AND name = ?", arguments: [endpoint, name])
            if db.changesCount == 0 { throw StoreError.notFound(.deployment, "\(endpoint)/\(name)") }
            if let operation { try Self.saveOperation(db, operation) }
        }
    }

    /// The `variant` (migration 2), `instance_runtime` (migration 5) and `custom_requirements` (migration 7)
    /// columns, written in the same transaction as the row.
    private static func saveVariant(_ db: Database, _ row: Deployment) throws {
        try db.execute(
            sql: """
                UPDATE deployment SET variant = ?, instance_runtime = ?, custom_requirements = ?
                WHERE endpoint_name = ? AND name = ?
                """,
            arguments: [row.variant, row.instanceRuntime.rawValue, row.customRequirements, row.endpointName, row.name])
    }

    private static func checkSnapshot(_ db: Database, _ deployment: Deployment) throws {
        if let snapshot = deployment.snapshotID,
            try !exists(db, "SELECT 1 FROM flow_snapshot WHERE id = ?", [snapshot])
        {
            throw StoreError.notFound(.snapshot, snapshot)
        }
    }

    /// Every column after `endpoint_name, name`, in the INSERT's order.
    private static func contentArguments(_ row: Deployment) throws -> [(any DatabaseValueConvertible)?] {
        let state = try StateColumns(row.provisioningState, row.failure, row.createdAt, row.updatedAt, row.version)
        return [
            row.description, row.flowPath, row.snapshotID, row.instanceCount,
            try StoreCoding.json(row.environmentVariables),
            row.requestSettings.requestTimeoutMS, row.requestSettings.maxConcurrentRequestsPerInstance,
            row.requestSettings.maxQueueWaitMS, try StoreCoding.json(row.livenessProbe),
            try StoreCoding.json(row.readinessProbe), try StoreCoding.json(row.outputs),
            try StoreCoding.json(row.connectionOverrides), try StoreCoding.json(row.tags),
        ] + state.arguments
    }
}
