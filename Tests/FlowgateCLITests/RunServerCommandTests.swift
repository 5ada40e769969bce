import FlowEngine
import FlowSpec
import Foundation
import Testing

/// `flowgate run create|show|list --server URL` against a real `PlatformServer`: the flow is uploaded as a snapshot,
/// the data's lines go inline, the run happens on the server (its folder is in the server's data directory, not the
/// caller's), and `deployment create --run` deploys it.
@Suite struct RunServerCommandTests {
    @Test func aRunIsCreatedShownListedAndDeployedOnTheServer() async throws {
        let platform = try await ManagementClientServer()
        let caller = try TemporaryDirectory()
        let flow = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/eval-accuracy")
        // The caller's own data directory has no key and no runs: everything comes from the flags.
        let environment = [
            "FLOWGATE_HOME": caller.url.path, "FLOWGATE_SERVER": "", "FLOWGATE_API_KEY": platform.server.adminKey,
        ]
        let created = try await ManagementClientServer.offPool(
            [
                "run", "create", "--server", platform.url, "--flow", flow.path, "--data",
                flow.appendingPathComponent("data.jsonl").path, "--name", "acc-remote", "--column-mapping",
                "groundtruth=${data.groundtruth}", "prediction=${data.prediction}",
            ],
            environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let run = try FlowValue(jsonBytes: Array(created.stdout.utf8))
        #expect(run.objectValue?["status"] == "Completed", "\(created.stdout)")
        #expect(run.objectValue?["metrics"]?.objectValue?["accuracy"] != nil, "\(created.stdout)")
        let snapshotID = try #require(run.objectValue?["snapshot_id"]?.stringValue)
        #expect(platform.server.controlPlane.snapshots.contains(snapshotID))
        #expect(created.stderr.contains("completed"), "\(created.stderr)")

        // Written where the server's own `flowgate run list` looks; nothing in the caller's directory.
        let serverRuns = platform.directory.appendingPathComponent("runs/acc-remote/run.json")
        #expect(FileManager.default.fileExists(atPath: serverRuns.path))
        #expect(!FileManager.default.fileExists(atPath: caller.url.appendingPathComponent("runs").path))
        let local = try await ManagementClientServer.offPool(
            ["run", "list"], environment: ["FLOWGATE_HOME": platform.directory.path, "FLOWGATE_SERVER": ""])
        #expect(local.stdout.contains("acc-remote") && local.stdout.contains("Completed"), "\(local.stdout)")

        let shown = try await ManagementClientServer.offPool(
            ["run", "show", "acc-remote", "--server", platform.url], environment: environment)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains(snapshotID), "\(shown.stdout)")
        let listed = try await ManagementClientServer.offPool(
            ["run", "list"], environment: environment.merging(["FLOWGATE_SERVER": platform.url]) { $1 })
        #expect(listed.stdout.hasPrefix("NAME"), "\(listed.stdout)")
        #expect(listed.stdout.contains("acc-remote") && listed.stdout.contains("Completed"), "\(listed.stdout)")
        let missing = try await ManagementClientServer.offPool(
            ["run", "show", "never-ran", "--server", platform.url], environment: environment)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("never-ran"), "\(missing.stderr)")

        let endpoint = try await ManagementClientServer.offPool(
            ["endpoint", "create", "--name", "acc-ep", "--server", platform.url], environment: environment)
        #expect(endpoint.status == 0, "\(endpoint.stderr)")
        let deployed = try await ManagementClientServer.offPool(
            [
                "deployment", "create", "--endpoint-name", "acc-ep", "--name", "blue", "--run", "acc-remote",
                "--server", platform.url, "-o", "json",
            ],
            environment: environment)
        #expect(deployed.status == 0, "\(deployed.stderr)")
        let deployment = try FlowValue(jsonBytes: Array(deployed.stdout.utf8))
        #expect(deployment.objectValue?["provisioning_state"] == "Succeeded", "\(deployed.stdout)")
        #expect(deployment.objectValue?["snapshot_id"] == .string(snapshotID))
        await platform.stop()
    }

    @Test func aBadDataLineIsRefusedBeforeAnythingIsSentAndNoWaitReturnsAtOnce() async throws {
        let platform = try await ManagementClientServer()
        let caller = try TemporaryDirectory()
        let data = caller.url.appendingPathComponent("data.jsonl")
        try Data("{\"groundtruth\": \"a\", \"prediction\": \"a\"}\n[1, 2]\n".utf8).write(to: data)
        let flow = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/eval-accuracy")
        let result = try await ManagementClientServer.offPool(
            ["run", "create", "--flow", flow.path, "--data", data.path, "--name", "bad-data"],
            environment: [
                "FLOWGATE_HOME": caller.url.path, "FLOWGATE_SERVER": platform.url,
                "FLOWGATE_API_KEY": platform.server.adminKey,
            ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Line 2"), "\(result.stderr)")
        #expect(platform.server.controlPlane.runs.list().isEmpty)

        let started = try await ManagementClientServer.offPool(
            [
                "run", "create", "--flow", flow.path, "--data", flow.appendingPathComponent("data.jsonl").path,
                "--name", "no-wait", "--no-wait",
            ],
            environment: [
                "FLOWGATE_HOME": caller.url.path, "FLOWGATE_SERVER": platform.url,
                "FLOWGATE_API_KEY": platform.server.adminKey,
            ])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains(#""name": "no-wait""#), "\(started.stdout)")
        await platform.server.controlPlane.runs.waitForAll()
        #expect(try platform.server.controlPlane.runs.run(named: "no-wait").status == .completed)
        let local = try await ManagementClientServer.offPool(
            ["run", "create", "--flow", flow.path, "--data", data.path, "--no-wait"],
            environment: ["FLOWGATE_HOME": caller.url.path, "FLOWGATE_SERVER": ""])
        #expect(local.status != 0)
        #expect(local.stderr.contains("--no-wait needs a server"), "\(local.stderr)")
        await platform.stop()
    }
}
