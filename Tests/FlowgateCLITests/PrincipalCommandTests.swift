import FlowSpec
import Foundation
import Testing

/// `flowgate principal|role|role-assignment` against a real server: the admin (admin.key) creates a principal with a
/// key and a Reader assignment; the new key reads but is refused a write naming the action; revoked, it is a 401.
@Suite struct PrincipalCommandTests {
    @Test func adminCreatesAPrincipalWithAKeyAndARoleAssignment() async throws {
        let platform = try await ManagementClientServer()

        let created = try await platform.flowgate([
            "principal", "create", "--name", "dana", "--kind", "service_principal",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("service_principal"), "\(created.stdout)")

        let keyAnswer = try await platform.flowgate(["principal", "key", "create", "--principal", "dana", "-o", "json"])
        #expect(keyAnswer.status == 0, "\(keyAnswer.stderr)")
        let keyJSON = try FlowValue(jsonBytes: Array(keyAnswer.stdout.utf8))
        let key = try #require(keyJSON.objectValue?["key"]?.stringValue)
        let keyID = try #require(keyJSON.objectValue?["id"]?.stringValue)

        let assigned = try await platform.flowgate(
            ["role-assignment", "create", "--role", "Reader", "--principal", "dana", "--scope", "/"])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        let listed = try await platform.flowgate(["role-assignment", "list", "--principal", "dana", "--scope", "/"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("Reader") && listed.stdout.contains("dana"), "\(listed.stdout)")

        let asDana = ["FLOWGATE_API_KEY": key]
        let reads = try await platform.flowgate(["principal", "list"], environment: asDana)
        #expect(reads.status == 0, "\(reads.stderr)")
        #expect(reads.stdout.contains("admin") && reads.stdout.contains("dana"), "\(reads.stdout)")
        let refused = try await platform.flowgate(["principal", "create", "--name", "eve"], environment: asDana)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("403"), "\(refused.stderr)")
        #expect(refused.stderr.contains("principals/write"), "\(refused.stderr)")
        #expect(!refused.stderr.contains(key) && !reads.stdout.contains(key))

        let keys = try await platform.flowgate(["principal", "key", "list", "--principal", "dana"])
        #expect(keys.stdout.contains(keyID) && !keys.stdout.contains(key), "\(keys.stdout)")
        let revoked = try await platform.flowgate(["principal", "key", "revoke", "--principal", "dana", "--id", keyID])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let afterRevoke = try await platform.flowgate(["principal", "list"], environment: asDana)
        #expect(afterRevoke.status == 1)
        #expect(afterRevoke.stderr.contains("401"), "\(afterRevoke.stderr)")

        let roles = try await platform.flowgate(["role", "list", "-o", "json"])
        #expect(roles.stdout.contains("Connection Secrets Reader"), "\(roles.stdout)")
        await platform.stop()
    }
}
