import Foundation
import Testing

/// `flowgate server` killed with SIGKILL in the middle of a deployment: the next start finishes the work from the
/// store, with nothing lost (the operation, the keys, a deployment that was running) and nothing done twice.
@Suite("flowgate server: recovery after SIGKILL", .serialized)
struct ServerRecoveryTests {
    @Test func aServerKilledMidDeploymentFinishesItAfterRestart() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        // A flow with a requirements file: building its environment (a venv, then pip) takes seconds, long
        // enough to kill the server inside that stage. `pip` is always satisfied in a venv, so no network is needed.
        let flow = home.appendingPathComponent("flow")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/python-only"), to: flow)
        try "pip\n".write(to: flow.appendingPathComponent("requirements.txt"), atomically: true, encoding: .utf8)
        let data = home.appendingPathComponent("data")
        let body = #"{"text": "one two two", "top_n": 1}"#

        let first = ServerProcess(dataDirectory: data)
        try first.start()
        #expect(first.stdout.contains("Admin API key"))
        // A deployment that is running before the crash must come back.
        #expect(try await first.call("POST", "/api/v1/endpoints", json: #"{"name": "steady"}"#).status == 202)
        let steadyFlow = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/python-only").path
        #expect(
            try await first.call(
                "POST", "/api/v1/endpoints/steady/deployments", json: #"{"name": "blue", "model": "\#(steadyFlow)"}"#
            ).status == 202)
        try await waitFor(first, "/api/v1/endpoints/steady/deployments/blue") { $0 == "Succeeded" }
        #expect(try await first.call("PATCH", "/api/v1/endpoints/steady", json: #"{"traffic": {"blue": 100}}"#).status == 200)
        let keys = try await first.call("POST", "/api/v1/endpoints/steady/get-credentials")
        let key = try #require(keys.object["primaryKey"] as? String)
        #expect(try await first.call("POST", "/endpoints/steady/score", json: body, key: key).status == 200)

        #expect(try await first.call("POST", "/api/v1/endpoints", json: #"{"name": "crash"}"#).status == 202)
        let created = try await first.call(
            "POST", "/api/v1/endpoints/crash/deployments", json: #"{"name": "blue", "model": "\#(flow.path)"}"#)
        #expect(created.status == 202, "\(created.body)")
        let operationID = try #require(created.object["latest_operation_id"] as? String)
        // Kill it while the environment is being built.
        let clock = ContinuousClock()
        let end = clock.now + .seconds(120)
        while clock.now < end {
            let operation = try await first.call("GET", "/api/v1/operations/\(operationID)").object
            let stages = operation["stages"] as? [[String: Any]] ?? []
            if stages.contains(where: { $0["name"] as? String == "environment built" && $0["status"] as? String == "Running" }) {
                break
            }
            #expect(operation["status"] as? String == "Running", "the deployment finished before it could be killed")
            try await Task.sleep(for: .milliseconds(20))
        }
        first.kill()

        let second = ServerProcess(dataDirectory: data)
        try second.start()
        #expect(!second.stdout.contains("Admin API key"), "the admin key is printed on the first start only")
        try await waitFor(second, "/api/v1/endpoints/crash/deployments/blue") { $0 == "Succeeded" || $0 == "Failed" }
        let deployment = try await second.call("GET", "/api/v1/endpoints/crash/deployments/blue")
        #expect(deployment.object["provisioning_state"] as? String == "Succeeded", "\(deployment.body)")
        let operation = try await second.call("GET", "/api/v1/operations/\(operationID)").object
        #expect(operation["status"] as? String == "Succeeded", "\(operation)")
        let stageNames = (operation["stages"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(stageNames).count == stageNames.count, "every stage once: \(stageNames)")
        let operations = try await second.call("GET", "/api/v1/operations?endpoint=crash").object["value"] as? [Any]
        #expect(operations?.count == 2, "endpoint create + deployment create, nothing added by the restart")
        let environments = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("envs").path)
            .filter { !$0.hasPrefix(".") }
        #expect(environments.count == 1, "\(environments)")

        // The deployment that was running before the crash serves again with the same key.
        let steady = try await second.call("POST", "/endpoints/steady/score", json: body, key: key)
        #expect(steady.status == 200, "\(steady.body)")
        #expect(try await second.call("PATCH", "/api/v1/endpoints/crash", json: #"{"traffic": {"blue": 100}}"#).status == 200)
        let crashKey = try #require(
            try await second.call("POST", "/api/v1/endpoints/crash/get-credentials").object["primaryKey"] as? String)
        let recovered = try await second.call("POST", "/endpoints/crash/score", json: body, key: crashKey)
        #expect(recovered.status == 200, "\(recovered.body)")
        let (status, _) = second.stop()
        #expect(status == 0)
    }

    /// Polls a deployment until `done` accepts its provisioning state (at most two minutes).
    private func waitFor(_ server: ServerProcess, _ path: String, done: (String) -> Bool) async throws {
        let clock = ContinuousClock()
        let end = clock.now + .seconds(120)
        while clock.now < end {
            let state = try await server.call("GET", path).object["provisioning_state"] as? String ?? ""
            if done(state) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(path) did not settle in two minutes")
    }
}
