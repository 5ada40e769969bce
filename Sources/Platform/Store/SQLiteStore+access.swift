import Foundation
import GRDB

extension SQLiteStore {
    public func createPrincipal(_ principal: Principal) async throws -> Principal {
        let stored = Principal(
            name: principal.name, kind: principal.kind, createdAt: StoreCoding.rounded(principal.createdAt))
        return try await write { db in
            if try Row.fetchOne(db, sql: "SELECT name FROM principal WHERE name = ?", arguments: [stored.name]) != nil {
                throw AccessError.alreadyExists("principal '\(stored.name)' already exists")
            }
            try db.execute(
                sql: "INSERT INTO principal (name, kind, created_at) VALUES (?, ?, ?)",
                arguments: [stored.name, stored.kind.rawValue, StoreCoding.text(stored.createdAt)])
            return stored
        }
    }

    public func principal(named name: String) async throws -> Principal {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM principal WHERE name = ?", arguments: [name])
            else { throw AccessError.notFound("principal '\(name)' does not exist") }
            return try Self.principal(from: row)
        }
    }

    public func principals() async throws -> [Principal] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM principal ORDER BY name").map(Self.principal(from:))
        }
    }

    public func deletePrincipal(named name: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM principal WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw AccessError.notFound("principal '\(name)' does not exist") }
        }
    }

    public func createPrincipalKey(_ key: PrincipalKey) async throws -> PrincipalKey {
        var stored = key
        stored = PrincipalKey(
            id: key.id, principal: key.principal, prefix: key.prefix, digest: key.digest,
            createdAt: StoreCoding.rounded(key.createdAt), lastUsedAt: nil)
        let record = stored
        return try await write { db in
            guard
                try Row.fetchOne(db, sql: "SELECT name FROM principal WHERE name = ?", arguments: [record.principal])
                    != nil
            else { throw AccessError.notFound("principal '\(record.principal)' does not exist") }
            try db.execute(
                sql:
                    "INSERT INTO principal_key (id, principal_name, prefix, digest, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    record.id, record.principal, record.prefix, record.digest, StoreCoding.text(record.createdAt),
                ])
            return record
        }
    }

    public func principalKeys(principal: String?) async throws -> [PrincipalKey] {
        try await read { db in
            let rows =
                if let principal {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM principal_key WHERE principal_name = ? ORDER BY created_at, id",
                        arguments: [principal])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM principal_key ORDER BY created_at, id")
                }
            return try rows.map(Self.principalKey(from:))
        }
    }

    public func deletePrincipalKey(id: String, principal: String) async throws {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM principal_key WHERE id = ? AND principal_name = ?", arguments: [id, principal])
            if db.changesCount == 0 { throw AccessError.notFound("principal '\(principal)' has no key '\(id)'") }
        }
    }

    public func touchPrincipalKey(id: String, at date: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE principal_key SET last_used_at = ? WHERE id = ?",
                arguments: [StoreCoding.text(StoreCoding.rounded(date)), id])
        }
    }

    public func createCustomRole(_ role: Role) async throws -> Role {
        if Role.builtIn(named: role.name) != nil {
            throw AccessError.alreadyExists("'\(role.name)' is a built-in role")
        }
        let stored = Role(
            name: role.name, description: role.description, actions: role.actions, notActions: role.notActions,
            builtIn: false, createdAt: StoreCoding.rounded(role.createdAt ?? Date()))
        let actions = try StoreCoding.json(stored.actions)
        let notActions = try StoreCoding.json(stored.notActions)
        return try await write { db in
            if try Row.fetchOne(db, sql: "SELECT name FROM custom_role WHERE name = ?", arguments: [stored.name]) != nil
            {
                throw AccessError.alreadyExists("role '\(stored.name)' already exists")
            }
            try db.execute(
                sql:
                    "INSERT INTO custom_role (name, description, actions, not_actions, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    stored.name, stored.description, actions, notActions, StoreCoding.text(stored.createdAt ?? Date()),
                ])
            return stored
        }
    }

    public func customRoles() async throws -> [Role] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM custom_role ORDER BY name").map(Self.customRole(from:))
        }
    }

    public func deleteCustomRole(named name: String) async throws {
        try await write { db in
            let uses =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM role_assignment WHERE role_name = ?", arguments: [name]) ?? 0
            if uses > 0 { throw AccessError.conflict("role '\(name)' has \(uses) assignment(s); delete them first") }
            try db.execute(sql: "DELETE FROM custom_role WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw AccessError.notFound("custom role '\(name)' does not exist") }
        }
    }

    public func createRoleAssignment(_ assignment: RoleAssignment) async throws -> RoleAssignment {
        let stored = RoleAssignment(
            id: assignment.id, role: assignment.role, principal: assignment.principal, scope: assignment.scope,
            createdAt: StoreCoding.rounded(assignment.createdAt))
        return try await write { db in
            guard
                try Row.fetchOne(db, sql: "SELECT name FROM principal WHERE name = ?", arguments: [stored.principal])
                    != nil
            else { throw AccessError.notFound("principal '\(stored.principal)' does not exist") }
            if Role.builtIn(named: stored.role) == nil,
                try Row.fetchOne(db, sql: "SELECT name FROM custom_role WHERE name = ?", arguments: [stored.role])
                    == nil
            {
                throw AccessError.notFound("role '\(stored.role)' does not exist")
            }
            if try Row.fetchOne(
                db, sql: "SELECT id FROM role_assignment WHERE role_name = ? AND principal_name = ? AND scope = ?",
                arguments: [stored.role, stored.principal, stored.scope]) != nil
            {
                throw AccessError.alreadyExists(
                    "'\(stored.principal)' already holds '\(stored.role)' at '\(stored.scope)'")
            }
            try db.execute(
                sql:
                    "INSERT INTO role_assignment (id, role_name, principal_name, scope, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [stored.id, stored.role, stored.principal, stored.scope, StoreCoding.text(stored.createdAt)])
            return stored
        }
    }

    public func roleAssignments(principal: String?, scope: String?) async throws -> [RoleAssignment] {
        try await read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let principal {
                clauses.append("principal_name = ?")
                _ = arguments.append(contentsOf: [principal])
            }
            if let scope {
                clauses.append("scope = ?")
                _ = arguments.append(contentsOf: [scope])
            }
            let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT * FROM role_assignment\(filter) ORDER BY created_at, id", arguments: arguments
            ).map(Self.roleAssignment(from:))
        }
    }

    public func deleteRoleAssignment(id: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM role_assignment WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw AccessError.notFound("role assignment '\(id)' does not exist") }
        }
    }

    static func principal(from row: Row) throws -> Principal {
        let kindText: String = row["kind"]
        guard let kind = Principal.Kind(rawValue: kindText) else {
            throw PlatformError.database("principal kind '\(kindText)' is not known")
        }
        return Principal(
            name: row["name"], kind: kind, createdAt: try StoreCoding.date(row["created_at"], column: "created_at"))
    }

    static func principalKey(from row: Row) throws -> PrincipalKey {
        let lastUsed: String? = row["last_used_at"]
        return PrincipalKey(
            id: row["id"], principal: row["principal_name"], prefix: row["prefix"], digest: row["digest"],
            createdAt: try StoreCoding.date(row["created_at"], column: "created_at"),
            lastUsedAt: try lastUsed.map { try StoreCoding.date($0, column: "last_used_at") })
    }

    static func customRole(from row: Row) throws -> Role {
        Role(
            name: row["name"], description: row["description"],
            actions: try StoreCoding.decode([String].self, row["actions"], column: "actions"),
            notActions: try StoreCoding.decode([String].self, row["not_actions"], column: "not_actions"),
            builtIn: false, createdAt: try StoreCoding.date(row["created_at"], column: "created_at"))
    }

    static func roleAssignment(from row: Row) throws -> RoleAssignment {
        RoleAssignment(
            id: row["id"], role: row["role_name"], principal: row["principal_name"], scope: row["scope"],
            createdAt: try StoreCoding.date(row["created_at"], column: "created_at"))
    }
}
