import Platform

extension ManagementAPI {
    /// Removes the role assignments made at a resource's scope when the resource is deleted, so a later resource
    /// with the same name does not inherit them (`/endpoints/NAME`, `/connections/NAME`).
    func removeAssignments(atScope scope: String) async throws {
        for assignment in try await controlPlane.store.roleAssignments(principal: nil, scope: scope) {
            try await controlPlane.store.deleteRoleAssignment(id: assignment.id)
        }
    }
}
