import FlowSpec
import Foundation
import Testing

/// `flowgate audit list` against a real server: after a write and a refused request the table shows both, newest
/// first, with principal, action, target, status and outcome; filters reach the server; a Reader is refused.
@Suite struct AuditCommandTests {
    @Test func listPrintsTheTableAndPassesFilters() async throws {
        let platform = try await ManagementClientServer()
        let created = try await platform.flowgate(["principal", "create", "--name", "dana"])
        #expect(created.status == 0, "\(created.stderr)")
        let keyAnswer = try await platform.flowgate(["principal", "key", "create", "--principal", "dana", "-o", "json"])
        let key = try #require(
            (try FlowValue(jsonBytes: Array(keyAnswer.stdout.utf8))).objectValue?["key"]?.stringValue)
        let assigned = try await platform.flowgate(
            ["role-assignment", "create", "--role", "Reader", "--principal", "dana", "--scope", "/"])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        let refused = try await platform.flowgate(
            ["principal", "delete", "--name", "admin2"],
            environment: [
                "FLOWGATE_API_KEY": key
            ])
        #expect(refused.status == 1)

        let table = try await platform.flowgate(["audit", "list"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("TIME") == true, "\(table.stdout)")
        for column in ["PRINCIPAL", "ACTION", "METHOD", "TARGET", "STATUS", "OUTCOME"] {
            #expect(lines.first?.contains(column) == true)
        }
        #expect(lines.count == 5, "\(table.stdout)")  // header, the refusal, the assignment, the key, the principal
        let newest = lines[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(newest.contains("dana") && newest.contains("principals/delete") && newest.contains("DELETE"))
        #expect(newest.contains("/api/v1/principals/admin2") && newest.contains("403") && newest.contains("denied"))
        #expect(lines[4].contains("admin") && lines[4].contains("principals/write") && lines[4].contains("succeeded"))
        #expect(!table.stdout.contains(key))

        let filtered = try await platform.flowgate([
            "audit", "list", "--principal", "admin", "--action", "principals/keys/write", "--outcome", "succeeded",
            "--since", "2000-01-01T00:00:00+00:00", "--limit", "5", "-o", "json",
        ])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        let events = try FlowValue(jsonBytes: Array(filtered.stdout.utf8)).objectValue?["value"]?.listValue ?? []
        #expect(events.count == 1)
        #expect(events.first?.objectValue?["target"] == "/api/v1/principals/dana/keys")

        let asReader = try await platform.flowgate(["audit", "list"], environment: ["FLOWGATE_API_KEY": key])
        #expect(asReader.status == 1)
        #expect(asReader.stderr.contains("403") && asReader.stderr.contains("audit/list/action"), "\(asReader.stderr)")
        let badOutcome = try await platform.flowgate(["audit", "list", "--outcome", "maybe"])
        #expect(badOutcome.status != 0 && badOutcome.stderr.contains("--outcome"))
        await platform.stop()
    }
}
