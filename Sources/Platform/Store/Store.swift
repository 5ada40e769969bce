import Foundation

/// The platform's desired and observed state: endpoints, their keys and deployments, flow snapshots, operations.
/// Domain types in and out, no SQL; SQLite implements it today and PostgreSQL can follow without touching callers.
///
/// Writes that belong together happen in one transaction: an endpoint with its keys and operation, a traffic split,
/// a deployment with its operation. Updates carry the `version` they read and fail with
/// `StoreError.versionConflict` when someone wrote in between. Rule violations throw `ResourceValidationError`.
public protocol Store: Sendable {
    // MARK: Endpoints

    /// Stores a new endpoint (version 1) with its keys and, when given, its operation; returns it as stored.
    func createEndpoint(_ endpoint: Endpoint, keys: EndpointKeys, operation: ProvisioningOperation?) async throws
        -> Endpoint
    /// The endpoint, or `StoreError.notFound`.
    func endpoint(named name: String) async throws -> Endpoint
    /// Every endpoint, by name.
    func endpoints() async throws -> [Endpoint]
    /// Replaces the endpoint's state and traffic split (checked against its deployments) if its version is unchanged.
    func updateEndpoint(_ endpoint: Endpoint, operation: ProvisioningOperation?) async throws -> Endpoint
    /// Removes the endpoint with its deployments, traffic and keys.
    func deleteEndpoint(named name: String, operation: ProvisioningOperation?) async throws

    // MARK: Keys

    /// The endpoint's scoring keys, decrypted.
    func endpointKeys(named endpoint: String) async throws -> EndpointKeys
    /// Replaces one key; the old one stops working as soon as this returns. Returns both keys.
    func setEndpointKey(_ slot: EndpointKeys.Slot, to key: String, endpoint: String) async throws -> EndpointKeys

    // MARK: Deployments

    /// Stores a new deployment (version 1) under an existing endpoint, at most `Deployment.maxPerEndpoint` each.
    func createDeployment(_ deployment: Deployment, operation: ProvisioningOperation?) async throws -> Deployment
    /// The deployment, or `StoreError.notFound`.
    func deployment(_ name: String, endpoint: String) async throws -> Deployment
    /// The endpoint's deployments by name, or every deployment of every endpoint when `endpoint` is `nil`.
    func deployments(endpoint: String?) async throws -> [Deployment]
    /// Replaces the deployment's state if its version is unchanged.
    func updateDeployment(_ deployment: Deployment, operation: ProvisioningOperation?) async throws -> Deployment
    /// Removes a deployment that takes no live traffic (its zero and mirror entries go with it).
    func deleteDeployment(_ name: String, endpoint: String, operation: ProvisioningOperation?) async throws

    // MARK: Snapshots

    /// Records a snapshot; recording the same id again returns the first record.
    func recordSnapshot(_ snapshot: FlowSnapshot) async throws -> FlowSnapshot
    /// The snapshot, or `StoreError.notFound`.
    func snapshot(id: String) async throws -> FlowSnapshot
    /// Recorded snapshots, newest first, at most `limit`.
    func snapshots(limit: Int) async throws -> [FlowSnapshot]

    // MARK: Operations

    /// Inserts or replaces an operation (the reconciler saves it after each stage).
    func saveOperation(_ operation: ProvisioningOperation) async throws
    /// The operation, or `StoreError.notFound`.
    func operation(id: String) async throws -> ProvisioningOperation
    /// The newest operations first, optionally of one endpoint only.
    func operations(endpoint: String?, limit: Int) async throws -> [ProvisioningOperation]
    /// Every operation with `status` (the reconciler resumes the `running` ones after a restart), oldest first.
    func operations(status: ProvisioningOperation.Status) async throws -> [ProvisioningOperation]
    /// The id of the newest operation on the endpoint itself (`deployment` nil) or on one of its deployments.
    func latestOperationID(endpoint: String, deployment: String?) async throws -> String?

    // MARK: Access

    /// Stores a new principal; `AccessError.alreadyExists` when the name is taken.
    func createPrincipal(_ principal: Principal) async throws -> Principal
    /// The principal, or `AccessError.notFound`.
    func principal(named name: String) async throws -> Principal
    /// Every stored principal, by name.
    func principals() async throws -> [Principal]
    /// Removes the principal with its keys and role assignments.
    func deletePrincipal(named name: String) async throws
    /// Stores a key (its digest and prefix) of an existing principal.
    func createPrincipalKey(_ key: PrincipalKey) async throws -> PrincipalKey
    /// The keys of one principal, or of every principal when `principal` is `nil`, oldest first.
    func principalKeys(principal: String?) async throws -> [PrincipalKey]
    /// Removes one key of the principal; `AccessError.notFound` when it has no such key.
    func deletePrincipalKey(id: String, principal: String) async throws
    /// Records when a key was last used.
    func touchPrincipalKey(id: String, at date: Date) async throws
    /// Stores a custom role; refused when the name is taken (built-in names included).
    func createCustomRole(_ role: Role) async throws -> Role
    /// Every custom role, by name.
    func customRoles() async throws -> [Role]
    /// Removes a custom role that no assignment uses.
    func deleteCustomRole(named name: String) async throws
    /// Stores an assignment; the principal must exist; the same role, principal and scope twice is refused.
    func createRoleAssignment(_ assignment: RoleAssignment) async throws -> RoleAssignment
    /// The assignments, optionally of one principal and/or at one scope, oldest first.
    func roleAssignments(principal: String?, scope: String?) async throws -> [RoleAssignment]
    /// Removes one assignment, or `AccessError.notFound`.
    func deleteRoleAssignment(id: String) async throws

    // MARK: Audit

    /// Appends an audit event; past the store's retention bound the oldest events go in the same transaction.
    func recordAuditEvent(_ event: AuditEvent) async throws
    /// The events `query` selects, newest first.
    func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent]
}
