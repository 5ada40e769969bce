import Foundation
import GRDB

extension SQLiteStore {
    public func createEndpoint(
        _ endpoint: Endpoint, keys: EndpointKeys, operation: ProvisioningOperation?
    ) async throws -> Endpoint {
        try endpoint.validate(deployments: [])
        var stored = endpoint
        stored.createdAt = StoreCoding.rounded(Date())
        stored.updatedAt = stored.createdAt
        stored.version = 1
        let row = stored
        let sealed = (
            try seal(keys.primary, endpoint: endpoint.name, slot: .primary),
            try seal(keys.secondary, endpoint: endpoint.name, slot: .secondary)
        )
        try await write { db in
            if try Self.exists(db, "SELECT 1 FROM endpoint WHERE name = ?", [row.name]) {
                throw StoreError.alreadyExists(.endpoint, row.name)
            }
            let state = try StateColumns(row.provisioningState, row.failure, row.createdAt, row.updatedAt, row.version)
            try db.execute(
                sql: """
                    INSERT INTO endpoint (name, description, tags, auth_mode, identity, enforce_secret_store_access,
                        provisioning_state, failure_code, failure_message, created_at, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments(
                    [
                        row.name, row.description, try StoreCoding.json(row.tags), row.authMode.rawValue,
                        try StoreCoding.json(row.identity), row.enforceAccessToDefaultSecretStores,
                    ] + state.arguments))
            try Self.insertTraffic(db, row)
            try db.execute(
                sql: """
                    INSERT INTO endpoint_key (endpoint_name, primary_sealed, secondary_sealed, updated_at)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [row.name, sealed.0, sealed.1, StoreCoding.text(row.createdAt)])
            if let operation { try Self.saveOperation(db, operation) }
        }
        return stored
    }

    public func endpoint(named name: String) async throws -> Endpoint {
        try await read { db in
            guard let endpoint = try Self.fetchEndpoint(db, name) else { throw StoreError.notFound(.endpoint, name) }
            return endpoint
        }
    }

    public func endpoints() async throws -> [Endpoint] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM endpoint ORDER BY name")
            let traffic = try Row.fetchAll(db, sql: "SELECT * FROM endpoint_traffic")
            return try rows.map { row in
                let name: String = row["name"]
                return try Self.endpoint(from: row, traffic: traffic.filter { $0["endpoint_name"] == name })
            }
        }
    }

    public func updateEndpoint(_ endpoint: Endpoint, operation: ProvisioningOperation?) async throws -> Endpoint {
        try endpoint.validate()
        let now = StoreCoding.rounded(Date())
        return try await write { db in
            guard try Self.exists(db, "SELECT 1 FROM endpoint WHERE name = ?", [endpoint.name]) else {
                throw StoreError.notFound(.endpoint, endpoint.name)
            }
            let deployments = try String.fetchAll(
                db, sql: "SELECT name FROM deployment WHERE endpoint_name = ?", arguments: [endpoint.name])
            try endpoint.validate(deployments: deployments)
            try db.execute(
                sql: """
                    UPDATE endpoint SET description = ?, tags = ?, auth_mode = ?, identity = ?,
                        enforce_secret_store_access = ?, provisioning_state = ?, failure_code = ?, failure_message = ?,
                        updated_at = ?, version = version + 1
                    WHERE name = ? AND version = ?
                    """,
                arguments: [
                    endpoint.description, try StoreCoding.json(endpoint.tags), endpoint.authMode.rawValue,
                    try StoreCoding.json(endpoint.identity), endpoint.enforceAccessToDefaultSecretStores,
                    endpoint.provisioningState.rawValue, endpoint.failure?.code, endpoint.failure?.message,
                    StoreCoding.text(now), endpoint.name, endpoint.version,
                ])
            if db.changesCount == 0 {
                throw StoreError.versionConflict(.endpoint, endpoint.name, expected: endpoint.version)
            }
            try db.execute(sql: "DELETE FROM endpoint_traffic WHERE endpoint_name = ?", arguments: [endpoint.name])
            try Self.insertTraffic(db, endpoint)
            if let operation { try Self.saveOperation(db, operation) }
            guard let stored = try Self.fetchEndpoint(db, endpoint.name) else {
                throw StoreError.notFound(.endpoint, endpoint.name)
            }
            return stored
        }
    }

    public func deleteEndpoint(named name: String, operation: ProvisioningOperation?) async throws {
        try await write { db in
            // Traffic first: it refers to the deployments the endpoint's cascade removes.
            try db.execute(sql: "DELETE FROM endpoint_traffic WHERE endpoint_name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM endpoint WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw StoreError.notFound(.endpoint, name) }
            if let operation { try Self.saveOperation(db, operation) }
        }
    }

    public func endpointKeys(named endpoint: String) async throws -> EndpointKeys {
        let sealed = try await read { db -> [String]? in
            try Row.fetchOne(db, sql: "SELECT * FROM endpoint_key WHERE endpoint_name = ?", arguments: [endpoint])
                .map { [$0["primary_sealed"], $0["secondary_sealed"]] }
        }
        guard let sealed else { throw StoreError.notFound(.keys, endpoint) }
        return EndpointKeys(
            primary: try open(sealed[0], endpoint: endpoint, slot: .primary),
            secondary: try open(sealed[1], endpoint: endpoint, slot: .secondary))
    }

    public func setEndpointKey(
        _ slot: EndpointKeys.Slot, to key: String, endpoint: String
    ) async throws -> EndpointKeys {
        try EndpointKeys.validateGivenKey(key, field: "\(slot.rawValue)Key")
        let sealed = try seal(key, endpoint: endpoint, slot: slot)
        let column = slot == .primary ? "primary_sealed" : "secondary_sealed"
        try await write { db in
            try db.execute(
                sql: "UPDATE endpoint_key SET \(column) = ?, updated_at = ? WHERE endpoint_name = ?",
                arguments: [sealed, StoreCoding.text(Date()), endpoint])
            if db.changesCount == 0 { throw StoreError.notFound(.keys, endpoint) }
        }
        return try await endpointKeys(named: endpoint)
    }

    static func insertTraffic(_ db: Database, _ endpoint: Endpoint) throws {
        let rows =
            endpoint.traffic.map { ($0.key, "live", $0.value) }
            + endpoint.mirrorTraffic.map { ($0.key, "mirror", $0.value) }
        for (deployment, kind, percent) in rows.sorted(by: { ($0.1, $0.0) < ($1.1, $1.0) }) {
            try db.execute(
                sql: "INSERT INTO endpoint_traffic (endpoint_name, deployment_name, kind, percent) VALUES (?, ?, ?, ?)",
                arguments: [endpoint.name, deployment, kind, percent])
        }
    }

    static func fetchEndpoint(_ db: Database, _ name: String) throws -> Endpoint? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM endpoint WHERE name = ?", arguments: [name]) else {
            return nil
        }
        let traffic = try Row.fetchAll(
            db, sql: "SELECT * FROM endpoint_traffic WHERE endpoint_name = ?", arguments: [name])
        return try endpoint(from: row, traffic: traffic)
    }

    static func exists(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> Bool {
        try Bool.fetchOne(db, sql: sql, arguments: arguments) != nil
    }
}
