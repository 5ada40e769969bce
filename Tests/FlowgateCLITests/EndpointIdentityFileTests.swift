import FlowSpec
import Foundation
import Testing

/// `flowgate endpoint create -f endpoint.yml` with a user-assigned identity written as Azure ML's CLI writes it (a
/// `resource_id` whose last segment is the identity) or as a bare name, against a real server; a misspelt entry
/// is refused with the file's line before anything is sent.
@Suite struct EndpointIdentityFileTests {
    @Test func azureAndBareSpellingsCreateTheEndpointAndAMisspellingIsRefused() async throws {
        let platform = try await ManagementClientServer()
        let folder = try TemporaryDirectory()
        #expect(try await platform.flowgate(["identity", "create", "--name", "chat-id"]).status == 0)

        let azure = try folder.write(
            "azure.yml",
            """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
            name: chat-azure
            auth_mode: key
            identity:
              type: user_assigned
              user_assigned_identities:
                - resource_id: /subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/chat-id

            """)
        let created = try await platform.flowgate(["endpoint", "create", "-f", azure.path, "-o", "json"])
        #expect(created.status == 0, "\(created.stderr)")
        let shown = try FlowValue(jsonBytes: Array(created.stdout.utf8)).objectValue?["identity"]?.objectValue
        #expect(shown?["type"]?.stringValue == "user_assigned", "\(created.stdout)")

        let bare = try folder.write(
            "bare.yml", "name: chat-bare\nidentity:\n  type: UserAssigned\n  user_assigned_identities: chat-id\n")
        let second = try await platform.flowgate(["endpoint", "create", "-f", bare.path])
        #expect(second.status == 0, "\(second.stderr)")

        let misspelt = try folder.write(
            "misspelt.yml",
            "name: chat-bad\nidentity:\n  type: user_assigned\n  user_assigned_identities:\n    - resource: chat-id\n")
        let refused = try await platform.flowgate(["endpoint", "create", "-f", misspelt.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("misspelt.yml:5"), "\(refused.stderr)")
        #expect(refused.stderr.contains("'resource' is not a key of identity.user_assigned_identities[0]"))

        let unknown = try folder.write(
            "unknown.yml",
            "name: chat-unknown\nidentity:\n  type: user_assigned\n  user_assigned_identities: [nobody]\n")
        let missing = try await platform.flowgate(["endpoint", "create", "-f", unknown.path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("identity 'nobody' does not exist"), "\(missing.stderr)")

        let listed = try await platform.flowgate(["endpoint", "list", "-o", "json"])
        #expect(listed.stdout.contains("chat-azure") && listed.stdout.contains("chat-bare"), "\(listed.stdout)")
        #expect(!listed.stdout.contains("chat-bad") && !listed.stdout.contains("chat-unknown"))
        await platform.stop()
    }
}
