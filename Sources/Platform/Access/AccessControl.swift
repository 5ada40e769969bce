import Foundation

/// Who a bearer key belongs to and what that principal may do: keys are cached in memory by SHA-256 digest
/// (compared in constant time) and the cache changes before a key create or revoke returns; assignments are read
/// from the store on every check, so a grant or removal takes effect at once.
public actor AccessControl {
    /// The key id the bootstrap admin key is listed under.
    public static let adminKeyID = "admin.key"

    private struct CachedKey {
        let id: String
        let principal: String
        let digest: [UInt8]
        var touchedAt: Date?
    }

    /// How often a key's last use is written back at most.
    static let touchInterval: TimeInterval = 60

    public let store: any Store
    private let adminDigest: [UInt8]?
    private var keys: [CachedKey]?

    /// `adminKey` is the server's bootstrap key: it authenticates as the built-in principal `admin`, Owner at `/`.
    public init(store: any Store, adminKey: String?) {
        self.store = store
        self.adminDigest = adminKey.map { Array(PrincipalKey.digest(of: $0).utf8) }
    }

    /// The principal `key` belongs to, or `nil` for an unknown or revoked key. Every cached digest is compared.
    public func principal(forKey key: String) async throws -> String? {
        let presented = Array(PrincipalKey.digest(of: key).utf8)
        var found: Int?
        var admin = false
        if let adminDigest, ConstantTime.equals(presented, adminDigest) { admin = true }
        let cached = try await loadedKeys()
        for (index, entry) in cached.enumerated() where ConstantTime.equals(presented, entry.digest) {
            found = index
        }
        if admin { return Principal.adminName }
        guard let found else { return nil }
        let entry = cached[found]
        let now = Date()
        if entry.touchedAt.map({ now.timeIntervalSince($0) >= Self.touchInterval }) ?? true {
            keys?[found].touchedAt = now
            try? await store.touchPrincipalKey(id: entry.id, at: now)
        }
        return entry.principal
    }

    /// Whether `principal` holds a role that grants `action` at a scope covering `scope`.
    public func isAllowed(_ principal: String, action: String, scope: String) async throws -> Bool {
        var assignments = try await store.roleAssignments(principal: principal, scope: nil)
        if principal == Principal.adminName { assignments.append(.adminOwner) }
        let covering = assignments.filter { AccessScope.covers($0.scope, scope) }
        if covering.isEmpty { return false }
        let custom = covering.contains { Role.builtIn(named: $0.role) == nil } ? try await store.customRoles() : []
        return covering.contains { assignment in
            let role = Role.builtIn(named: assignment.role) ?? custom.first { $0.name == assignment.role }
            return role?.grants(action) ?? false
        }
    }

    /// A new key for an existing principal; its text is returned here once and usable as soon as this returns.
    public func createKey(principal: String) async throws -> (key: PrincipalKey, secret: String) {
        if principal == Principal.adminName {
            throw AccessError.conflict("the built-in admin's key is the server's admin.key file")
        }
        let generated = PrincipalKey.generate(principal: principal)
        let stored = try await store.createPrincipalKey(generated.key)
        _ = try await loadedKeys()
        keys?.append(CachedKey(id: stored.id, principal: principal, digest: Array(stored.digest.utf8)))
        return (stored, generated.secret)
    }

    /// Revokes one key: refused from the moment this returns.
    public func revokeKey(id: String, principal: String) async throws {
        try await store.deletePrincipalKey(id: id, principal: principal)
        _ = try await loadedKeys()
        keys?.removeAll { $0.id == id }
    }

    /// Deletes a principal with its keys (refused at once) and assignments; the built-in admin cannot be deleted.
    public func deletePrincipal(named name: String) async throws {
        if name == Principal.adminName {
            throw AccessError.conflict("the built-in principal 'admin' cannot be deleted")
        }
        try await store.deletePrincipal(named: name)
        _ = try await loadedKeys()
        keys?.removeAll { $0.principal == name }
    }

    private func loadedKeys() async throws -> [CachedKey] {
        if let keys { return keys }
        let loaded = try await store.principalKeys(principal: nil).map {
            CachedKey(id: $0.id, principal: $0.principal, digest: Array($0.digest.utf8), touchedAt: $0.lastUsedAt)
        }
        if let keys { return keys }
        keys = loaded
        return loaded
    }
}
