import Foundation
import NIOHTTP1
import Testing

/// Provisioning through the API: failures with their reasons, name and limit validation, immutable snapshots,
/// an update that keeps serving, the activity list.
@Suite("Platform server: provisioning", .serialized)
struct ProvisioningTests {
    @Test func failuresCarryTheirReason() async throws {
        let platform = try await PlatformHarness()
        #expect(try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "faults"}"#, admin: true).status == 202)

        let broken = try FlowFolders.broken()
        let bad = try await platform.call(
            .POST, "/api/v1/endpoints/faults/deployments", json: #"{"name": "bad", "model": "\#(broken.path)"}"#,
            admin: true)
        #expect(bad.status == 202, "\(bad.body)")
        let badState = try await platform.settled("/api/v1/endpoints/faults/deployments/bad")
        #expect(badState["provisioning_state"] as? String == "Failed", "\(badState)")
        let badFailure = badState["failure"] as? [String: Any] ?? [:]
        #expect(badFailure["code"] as? String == "BadArgument", "\(badState)")
        #expect((badFailure["message"] as? String)?.contains("nowhere") == true, "\(badState)")

        let llm = PlatformHarness.example("qa-llm")
        let orphan = try await platform.call(
            .POST, "/api/v1/endpoints/faults/deployments", json: #"{"name": "orphan", "model": "\#(llm)"}"#,
            admin: true)
        #expect(orphan.status == 202, "\(orphan.body)")
        let orphanState = try await platform.settled("/api/v1/endpoints/faults/deployments/orphan")
        let orphanFailure = orphanState["failure"] as? [String: Any] ?? [:]
        #expect(orphanState["provisioning_state"] as? String == "Failed", "\(orphanState)")
        #expect(orphanFailure["code"] as? String == "ConnectionNotFound", "\(orphanState)")
        #expect((orphanFailure["message"] as? String)?.contains("open_ai_connection") == true, "\(orphanState)")

        let operations = try await platform.call(.GET, "/api/v1/operations?endpoint=faults", admin: true)
        let list = operations.json["value"] as? [[String: Any]] ?? []
        #expect(list.contains { $0["status"] as? String == "Failed" && ($0["error"] as? [String: Any]) != nil })
        await platform.stop()
        try? FileManager.default.removeItem(at: broken)
    }

    @Test func namesAndLimitsAreValidatedWithTheField() async throws {
        let platform = try await PlatformHarness()
        let short = try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "ab"}"#, admin: true)
        #expect(short.status == 400, "\(short.body)")
        let error = short.json["error"] as? [String: Any] ?? [:]
        #expect(error["code"] as? String == "BadArgument")
        let details = error["details"] as? [[String: Any]] ?? []
        #expect(details.contains { $0["field"] as? String == "name" }, "\(short.body)")
        #expect(try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "1abc"}"#, admin: true).status == 400)
        #expect(try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "a--b"}"#, admin: true).status == 400)
        #expect(try await platform.call(.POST, "/api/v1/endpoints", json: "not json", admin: true).status == 400)

        #expect(try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "limits"}"#, admin: true).status == 202)
        let duplicate = try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "limits"}"#, admin: true)
        #expect(duplicate.status == 409, "\(duplicate.body)")
        let flow = PlatformHarness.example("python-only")
        let tooMany = try await platform.call(
            .POST, "/api/v1/endpoints/limits/deployments",
            json: #"{"name": "many", "model": "\#(flow)", "instance_count": 99}"#, admin: true)
        #expect(tooMany.status == 400, "\(tooMany.body)")
        #expect(tooMany.body.contains("instance_count"))
        let nowhere = try await platform.call(
            .POST, "/api/v1/endpoints/limits/deployments", json: #"{"name": "lost", "model": "/no/such/flow"}"#,
            admin: true)
        #expect(nowhere.status == 400, "\(nowhere.body)")
        let half = try await platform.call(
            .PATCH, "/api/v1/endpoints/limits", json: #"{"traffic": {"lost": 50}}"#, admin: true)
        #expect(half.status == 400 || half.status == 404, "\(half.body)")
        await platform.stop()
    }

    @Test func aRunningDeploymentKeepsItsSnapshotUntilUpdated() async throws {
        let platform = try await PlatformHarness()
        let folder = try FlowFolders.copy(of: "python-only")
        let key = try await platform.deploy(endpoint: "frozen", flow: folder.path)
        let before = try await platform.call(.POST, "/endpoints/frozen/score", json: "{}", key: key)
        let report = try #require(before.json["report"] as? String)

        let tool = folder.appendingPathComponent("format_report.py")
        let source = try String(contentsOf: tool, encoding: .utf8)
        let edited = source.replacingOccurrences(of: "return ", with: "return 'EDITED ' + ")
        #expect(edited != source)
        try edited.write(to: tool, atomically: true, encoding: .utf8)
        let unchanged = try await platform.call(.POST, "/endpoints/frozen/score", json: "{}", key: key)
        #expect(unchanged.json["report"] as? String == report)

        // An update re-registers the folder; requests keep succeeding while the new instances take over.
        let update = try await platform.call(
            .PATCH, "/api/v1/endpoints/frozen/deployments/blue", json: #"{"model": "\#(folder.path)"}"#, admin: true)
        #expect(update.status == 202, "\(update.body)")
        var failures = 0
        while true {
            let reply = try await platform.call(.POST, "/endpoints/frozen/score", json: "{}", key: key)
            if reply.status != 200 { failures += 1 }
            let state = try await platform.call(.GET, "/api/v1/endpoints/frozen/deployments/blue", admin: true)
            if state.json["provisioning_state"] as? String != "Updating" { break }
        }
        #expect(failures == 0)
        let after = try await platform.call(.POST, "/endpoints/frozen/score", json: "{}", key: key)
        #expect((after.json["report"] as? String)?.hasPrefix("EDITED ") == true, "\(after.body)")
        await platform.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
