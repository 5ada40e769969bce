import FlowSpec
import Foundation
import Testing

/// `flowgate identity create|list|delete` against a real server: a user-assigned identity is listed as a
/// managed_identity, can be granted a role by name, and is gone (404 on a second delete) once deleted.
@Suite struct IdentityCommandTests {
    @Test func createListGrantAndDeleteAnIdentity() async throws {
        let platform = try await ManagementClientServer()

        let created = try await platform.flowgate(["identity", "create", "--name", "app-id"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("managed_identity"), "\(created.stdout)")

        let listed = try await platform.flowgate(["identity", "list", "-o", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let names = try FlowValue(jsonBytes: Array(listed.stdout.utf8)).objectValue?["value"]?.listValue?.compactMap {
            $0.objectValue?["name"]?.stringValue
        }
        #expect(names == ["app-id"], "\(listed.stdout)")

        let granted = try await platform.flowgate([
            "role-assignment", "create", "--role", "Connection Secrets Reader", "--principal", "app-id", "--scope",
            "/connections/open_ai_connection",
        ])
        #expect(granted.status == 0, "\(granted.stderr)")
        // az's spelling: `az role assignment create --assignee … --role … --scope …`.
        let asAz = try await platform.flowgate([
            "role-assignment", "create", "--role", "Metrics Writer", "--assignee", "app-id", "--scope", "/endpoints/chat",
        ])
        #expect(asAz.status == 0, "\(asAz.stderr)")
        let assignments = try await platform.flowgate(["role-assignment", "list", "-o", "json"])
        #expect(assignments.stdout.contains("Metrics Writer"), "\(assignments.stdout)")

        let deleted = try await platform.flowgate(["identity", "delete", "--name", "app-id"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let again = try await platform.flowgate(["identity", "delete", "--name", "app-id"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("404"), "\(again.stderr)")
        await platform.stop()
    }
}
