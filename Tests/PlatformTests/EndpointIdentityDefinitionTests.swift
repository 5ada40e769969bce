import FlowSpec
import Foundation
import Testing

@testable import Platform

/// `identity` in `-f endpoint.yml`: Azure ML's spellings (a list of `{resource_id: …}`, camel-case types), the
/// plain identity names Flowgate users write, ARM's map, and a clear error with its line for anything else.
@Suite struct EndpointIdentityDefinitionTests {
    private func identity(_ section: String) throws -> EndpointIdentity {
        try EndpointDefinition.parse(yaml: "name: ep-1\nidentity:\n" + section).endpoint.identity
    }

    private func problems(_ section: String) -> [String] {
        let error = #expect(throws: DefinitionError.self) {
            try EndpointDefinition.parse(yaml: "name: ep-1\nidentity:\n" + section, file: "ep.yml")
        }
        return error?.diagnostics.map { "\($0.line ?? 0): \($0.message)" } ?? []
    }

    @Test func azureListOfResourceIDs() throws {
        let read = try identity(
            """
              type: user_assigned
              user_assigned_identities:
                - resource_id: /subscriptions/x/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/chat-id

            """)
        #expect(read.kind == .userAssigned)
        #expect(read.userAssignedIdentities.count == 1)
        #expect(read.userAssignedIdentities.first.flatMap(Identities.name(of:)) == "chat-id")
    }

    @Test func clientAndObjectIDsAsAzureWritesThem() throws {
        let client = try identity("  type: user_assigned\n  user_assigned_identities:\n    - client_id: chat-id\n")
        #expect(client.userAssignedIdentities == [.init(clientID: "chat-id")])
        let object = try identity("  type: UserAssigned\n  user_assigned_identities:\n    - principal_id: chat-id\n")
        #expect(object.kind == .userAssigned)
        #expect(object.userAssignedIdentities == [.init(objectID: "chat-id")])
    }

    @Test func bareNamesInAListOrAlone() throws {
        let listed = try identity("  type: user_assigned\n  user_assigned_identities: [chat-id]\n")
        #expect(listed.userAssignedIdentities == [.init(resourceID: "chat-id")])
        let alone = try identity("  type: user_assigned\n  user_assigned_identities: chat-id\n")
        #expect(alone.userAssignedIdentities == [.init(resourceID: "chat-id")])
        #expect(alone.userAssignedIdentities.first.flatMap(Identities.name(of:)) == "chat-id")
    }

    @Test func armMapOfResourceIDs() throws {
        let read = try identity(
            """
              type: UserAssigned
              user_assigned_identities:
                /subscriptions/x/userAssignedIdentities/chat-id: {client_id: c-1}

            """)
        #expect(
            read.userAssignedIdentities == [
                .init(resourceID: "/subscriptions/x/userAssignedIdentities/chat-id", clientID: "c-1")
            ])
        let empty = try identity("  type: user_assigned\n  user_assigned_identities:\n    chat-id:\n")
        #expect(empty.userAssignedIdentities == [.init(resourceID: "chat-id")])
    }

    @Test func typeSpellings() throws {
        #expect(try identity("  type: SystemAssigned\n").kind == .systemAssigned)
        #expect(try identity("  type: SYSTEM_ASSIGNED\n").kind == .systemAssigned)
        #expect(try identity("  type: system_assigned\n").kind == .systemAssigned)
        let none = problems("  type: none\n")
        #expect(none.count == 1)
        #expect(none.first?.hasPrefix("3: identity.type is 'none'") == true, "\(none)")
        #expect(none.first?.contains("system_assigned or user_assigned") == true, "\(none)")
        let both = problems("  type: system_assigned,user_assigned\n")
        #expect(both.first?.contains("one identity") == true, "\(both)")
    }

    @Test func errorsNameTheFieldAndLine() {
        let misspelt = problems("  type: user_assigned\n  user_assigned_identities:\n    - resourceid: chat-id\n")
        #expect(misspelt.count == 1, "\(misspelt)")
        #expect(
            misspelt.first?.hasPrefix("5: 'resourceid' is not a key of identity.user_assigned_identities[0]") == true,
            "\(misspelt)")
        #expect(misspelt.first?.contains("client_id, object_id, principal_id, resource_id") == true, "\(misspelt)")

        let two = problems("  type: user_assigned\n  user_assigned_identities: [a, b]\n")
        #expect(two.first?.contains("exactly one identity, found 2") == true, "\(two)")

        let missing = problems("  type: user_assigned\n")
        #expect(missing.first?.contains("exactly one identity, found 0") == true, "\(missing)")

        let nested = problems("  type: user_assigned\n  user_assigned_identities:\n    - [chat-id]\n")
        #expect(
            nested.first?.hasPrefix("5: identity.user_assigned_identities[0] must be an identity name") == true,
            "\(nested)")

        let empty = problems("  type: user_assigned\n  user_assigned_identities:\n    - ''\n")
        #expect(empty.first?.contains("is empty") == true, "\(empty)")

        let systemWithList = problems("  type: system_assigned\n  user_assigned_identities: [chat-id]\n")
        #expect(systemWithList.first?.contains("only a user_assigned identity lists") == true, "\(systemWithList)")
    }
}
