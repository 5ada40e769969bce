import FlowSpec
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ManagementAPI
import Platform
import Testing

/// Bulk runs on the server through the API: a run of the eval-accuracy example over its data completes with its
/// metrics and outputs; bad requests name their field; a deployment of a run serves the run's snapshot and variant;
/// a run left Running by a stopped server is Failed at the next start.
@Suite struct RunRoutesTests {
    @Test func aRunOfAnExampleCompletesWithMetricsAndOutputs() async throws {
        let fixture = try APIFixture()
        let flow = APIFixture.example("eval-accuracy")
        let dataLines = try String(contentsOf: flow.appendingPathComponent("data.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        try await fixture.test { client in
            let created = try await client.send(
                .post, "/runs",
                json: [
                    "name": "accuracy-1", "flow": .string(flow.path),
                    "data": .string(flow.appendingPathComponent("data.jsonl").path),
                    "column_mapping": ["groundtruth": "${data.groundtruth}", "prediction": "${data.prediction}"],
                ])
            #expect(created.status == .accepted, "\(created.text)")
            #expect(created.json["status"] == "Running")
            #expect(created.json["end_time"] == .null)
            let snapshotID = try #require(created.json["snapshot_id"].stringValue)
            #expect(snapshotID.count == 64)

            let run = try await RunRoutesFixture.pollRun(client, "accuracy-1")
            #expect(run["status"] == "Completed", "\(run)")
            #expect(run["lines"]["total"] == .int(dataLines))
            #expect(run["lines"]["completed"] == .int(dataLines))
            #expect(run["snapshot_id"] == .string(snapshotID))
            #expect(run["metrics"]["accuracy"] != .null, "\(run)")
            #expect(run["end_time"].stringValue != nil)

            let outputs = try await client.send(.get, "/runs/accuracy-1/outputs?limit=2")
            #expect(outputs.status == .ok)
            let lines = outputs.json["value"].listValue ?? []
            #expect(lines.count == 2)
            #expect(lines.first?["line_number"] == 0)
            #expect(lines.first?["grade"] == "Correct", "\(outputs.text)")

            let list = try await client.send(.get, "/runs")
            #expect(list.json["value"].listValue?.compactMap { $0["name"].stringValue } == ["accuracy-1"])
            // The same folder the local `flowgate run` commands read.
            let folder = fixture.root.appendingPathComponent("home/runs/accuracy-1")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("run.json").path))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("snapshot/grade.py").path))

            let again = try await client.send(
                .post, "/runs", json: ["name": "accuracy-1", "flow": .string(flow.path), "rows": [["prediction": "a"]]])
            #expect(again.status == .conflict, "\(again.text)")
        }
    }

    @Test func unknownRunsAndBadRequestsAreAnsweredWithTheirField() async throws {
        let fixture = try APIFixture()
        let flow = APIFixture.example("eval-accuracy")
        try await fixture.test { client in
            let missing = try await client.send(.get, "/runs/no-such-run")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NotFound")
            #expect(try await client.send(.get, "/runs/no-such-run/outputs").status == .notFound)

            let badData = try await client.send(
                .post, "/runs", json: ["flow": .string(flow.path), "data": "/no/such/data.jsonl"])
            #expect(badData.status == .badRequest)
            #expect(badData.errorDetails["data"]?.contains("/no/such/data.jsonl") == true, "\(badData.text)")

            let badFlow = try await client.send(.post, "/runs", json: ["flow": "/no/such/flow", "rows": [["a": 1]]])
            #expect(badFlow.errorDetails["flow"] != nil, "\(badFlow.text)")
            let badRow = try await client.send(.post, "/runs", json: ["flow": .string(flow.path), "rows": [1]])
            #expect(badRow.errorDetails["rows[0]"] != nil, "\(badRow.text)")
            let badVariant = try await client.send(
                .post, "/runs", json: ["flow": .string(flow.path), "rows": [["a": 1]], "variant": "${grade.v9}"])
            #expect(badVariant.errorDetails["variant"] != nil, "\(badVariant.text)")
            #expect(try await client.send(.get, "/runs").json["value"].listValue?.isEmpty == true)
        }
    }

    @Test func aDeploymentOfARunServesItsSnapshotAndVariant() async throws {
        let fixture = try APIFixture()
        let flow = try RunRoutesFixture.variantFlow(in: fixture.root)
        try await fixture.withReconciler {
            try await fixture.test { client in
                let created = try await client.send(
                    .post, "/runs",
                    json: [
                        "name": "tuned", "flow": .string(flow.path), "rows": [["text": "abc"], ["text": "flow"]],
                        "variant": "${shout.variant_1}", "concurrency": 2,
                    ])
                #expect(created.status == .accepted, "\(created.text)")
                let run = try await RunRoutesFixture.pollRun(client, "tuned")
                #expect(run["status"] == "Completed", "\(run)")
                #expect(run["variant"] == "${shout.variant_1}")
                let outputs = try await client.send(.get, "/runs/tuned/outputs").json["value"].listValue ?? []
                #expect(outputs.map { $0["answer"] } == ["cba", "wolf"])

                // Editing the folder later does not change what the run's deployment serves.
                try Data("raise SystemExit('edited')\n".utf8).write(to: flow.appendingPathComponent("backwards.py"))

                try await client.send(.post, "/endpoints", json: ["name": "tuned-ep"])
                let deployment = try await client.send(
                    .post, "/endpoints/tuned-ep/deployments", json: ["name": "blue", "run": "tuned"])
                #expect(deployment.status == .accepted, "\(deployment.text)")
                #expect(deployment.json["variant"] == "${shout.variant_1}")
                #expect(deployment.json["snapshot_id"] == run["snapshot_id"])
                let ready = try await client.provisioned("/endpoints/tuned-ep/deployments/blue", within: .seconds(90))
                #expect(ready["provisioning_state"] == "Succeeded", "\(ready)")
                let live = try #require(fixture.controlPlane.live.endpoint(named: "tuned-ep")?.deployments["blue"])
                let (status, body) = try await RunRoutesFixture.score(live.instances[0], #"{"text": "served"}"#)
                #expect(status == 200, "\(body)")
                #expect(body.contains("devres"), "\(body)")

                // A PATCH that does not name a variant keeps it.
                let patched = try await client.send(
                    .patch, "/endpoints/tuned-ep/deployments/blue", json: ["tags": ["v": "2"]])
                #expect(patched.json["variant"] == "${shout.variant_1}", "\(patched.text)")
                _ = try await client.provisioned("/endpoints/tuned-ep/deployments/blue", within: .seconds(90))
                let stored = try await fixture.controlPlane.store.deployment("blue", endpoint: "tuned-ep")
                #expect(stored.variant == "${shout.variant_1}")

                let unknown = try await client.send(
                    .post, "/endpoints/tuned-ep/deployments", json: ["name": "green", "run": "never-ran"])
                #expect(unknown.status == .badRequest)
                #expect(unknown.errorDetails["run"]?.contains("never-ran") == true, "\(unknown.text)")

                let wrong = try await client.send(
                    .post, "/endpoints/tuned-ep/deployments",
                    json: ["name": "green", "snapshot_id": run["snapshot_id"], "variant": "${shout.variant_7}"])
                #expect(wrong.status == .accepted, "\(wrong.text)")
                let failed = try await client.provisioned("/endpoints/tuned-ep/deployments/green", within: .seconds(90))
                #expect(failed["provisioning_state"] == "Failed", "\(failed)")
                #expect(failed["failure"]["code"] == "BadArgument")
                #expect(failed["failure"]["message"].stringValue?.contains("variant_7") == true, "\(failed)")
            }
        }
    }

    @Test func aRunsProgressIsReadableWhileItRuns() async throws {
        let fixture = try APIFixture()
        let gate = fixture.root.appendingPathComponent("gate")
        let flow = try RunRoutesFixture.variantFlow(in: fixture.root, gate: gate)
        try await fixture.test { client in
            let created = try await client.send(
                .post, "/runs",
                json: [
                    "name": "gated", "flow": .string(flow.path), "rows": [["text": "go"], ["text": "wait"]],
                    "concurrency": 1,
                ])
            #expect(created.status == .accepted, "\(created.text)")
            #expect(created.json["lines"]["total"] == 2)
            // The first line completes while the second waits for the gate: the run shows it, still Running.
            var shown: FlowValue = .null
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline {
                shown = try await client.send(.get, "/runs/gated").json
                if shown["lines"]["completed"] == 1 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(shown["status"] == "Running", "\(shown)")
            #expect(shown["lines"]["completed"] == 1, "\(shown)")
            #expect(shown["end_time"] == .null)
            let listed = try await client.send(.get, "/runs").json["value"].listValue ?? []
            #expect(listed.first?["status"] == "Running")
            try Data().write(to: gate)
            let done = try await RunRoutesFixture.pollRun(client, "gated")
            #expect(done["status"] == "Completed", "\(done)")
            #expect(done["lines"]["completed"] == 2)
        }
    }

    @Test func aRunningRunIsFailedWhenTheServerStartsAgain() async throws {
        let fixture = try APIFixture()
        let flow = try RunRoutesFixture.variantFlow(in: fixture.root, sleep: 60)
        let name = try await fixture.test { client in
            let created = try await client.send(
                .post, "/runs", json: ["name": "slow", "flow": .string(flow.path), "rows": [["text": "abc"]]])
            #expect(created.status == .accepted, "\(created.text)")
            #expect(try await client.send(.get, "/runs/slow").json["status"] == "Running")
            return "slow"
        }
        // A second server on the same data directory, as after a crash: the run is not running there.
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        let restarted = try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: DataDirectory(url: fixture.root.appendingPathComponent("home")),
                publicURL: URL(string: "http://127.0.0.1:8080")!, environment: environment),
            logger: Logger(label: "test.restart"))
        let run = try restarted.runs.run(named: name)
        #expect(run.status == .failed)
        #expect(run.record.error == ServerRuns.interruptedMessage)
        #expect(run.snapshotID?.count == 64)
        // A run that did not complete cannot be deployed.
        let router = Router()
        ManagementAPI(
            controlPlane: restarted, authenticate: { $0 == APIFixture.adminKey }, logger: Logger(label: "test.api")
        ).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.send(.post, "/endpoints", json: ["name": "after-crash"])
            let refused = try await client.send(
                .post, "/endpoints/after-crash/deployments", json: ["name": "blue", "run": "slow"])
            #expect(refused.status == .badRequest)
            #expect(refused.errorDetails["run"]?.contains("Failed") == true, "\(refused.text)")
        }
        await fixture.controlPlane.runs.shutdown()
    }
}
