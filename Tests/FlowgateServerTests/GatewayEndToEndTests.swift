import Foundation
import NIOHTTP1
import Testing

/// The gateway's status codes and traffic rules end to end: real server, real deployments, real socket.
@Suite("Platform server: scoring through the gateway", .serialized)
struct GatewayEndToEndTests {
    @Test func blueGreenSplitsNinetyTenAndTheHeaderPicksADeployment() async throws {
        let platform = try await PlatformHarness()
        let flow = PlatformHarness.example("python-only")
        // The split is what this test checks, not timeouts: 1,000 requests on a CI machine also running browser
        // suites have seen one take past the default 5 s request timeout (a 408), so both deployments get 60 s.
        let settings = #", "request_settings": {"request_timeout_ms": 60000}"#
        let key = try await platform.deploy(endpoint: "split", deployment: "blue", flow: flow, extra: settings)
        let green = try await platform.call(
            .POST, "/api/v1/endpoints/split/deployments",
            json: #"{"name": "green", "model": "\#(flow)"\#(settings)}"#, admin: true)
        #expect(green.status == 202, "\(green.body)")
        let state = try await platform.settled("/api/v1/endpoints/split/deployments/green")
        #expect(state["provisioning_state"] as? String == "Succeeded", "\(state)")
        let split = try await platform.call(
            .PATCH, "/api/v1/endpoints/split", json: #"{"traffic": {"blue": 90, "green": 10}}"#, admin: true)
        #expect(split.status == 200, "\(split.body)")

        var counts: [String: Int] = [:]
        for _ in 0..<1_000 {
            let reply = try await platform.call(.POST, "/endpoints/split/score", json: "{}", key: key)
            #expect(reply.status == 200, "\(reply.body)")
            counts[reply.headers["azureml-model-deployment"].first ?? "?", default: 0] += 1
        }
        // 1,000 draws at p = 0.1: sd ≈ 9.5, so ±40 is over 4 sd.
        #expect((60...140).contains(counts["green"] ?? 0), "\(counts)")
        #expect((counts["blue"] ?? 0) + (counts["green"] ?? 0) == 1_000, "\(counts)")

        for _ in 0..<20 {
            let picked = try await platform.call(
                .POST, "/endpoints/split/score", json: "{}", key: key, headers: [("azureml-model-deployment", "green")])
            #expect(picked.headers["azureml-model-deployment"].first == "green")
        }
        let missing = try await platform.call(
            .POST, "/endpoints/split/score", json: "{}", key: key, headers: [("azureml-model-deployment", "red")])
        #expect(missing.status == 404, "\(missing.body)")
        await platform.stop()
    }

    @Test func statusCodesOfTheGateway() async throws {
        let platform = try await PlatformHarness()
        let nap = try FlowFolders.napping()
        let settings = #", "request_settings": {"request_timeout_ms": 10000, "max_concurrent_requests_per_instance": 1, "max_queue_wait_ms": 60000}"#
        let key = try await platform.deploy(endpoint: "napper", flow: nap.path, extra: settings)

        // 401: no key, a wrong key.
        #expect(try await platform.call(.POST, "/endpoints/napper/score", json: #"{"seconds": 0}"#).status == 401)
        let wrong = try await platform.call(.POST, "/endpoints/napper/score", json: #"{"seconds": 0}"#, key: "nope")
        #expect(wrong.status == 401)
        // 404: an unknown endpoint.
        #expect(try await platform.call(.POST, "/endpoints/nobody/score", json: "{}", key: key).status == 404)
        // 200.
        let ok = try await platform.call(.POST, "/endpoints/napper/score", json: #"{"seconds": 0}"#, key: key)
        #expect(ok.status == 200, "\(ok.body)")
        #expect(ok.json["slept"] as? Double == 0)
        // 424: the flow refused the request (a required input is missing), with the instance's status and reason.
        let failed = try await platform.call(.POST, "/endpoints/napper/score", json: "{}", key: key)
        #expect(failed.status == 424, "\(failed.body)")
        #expect(failed.headers["ms-azureml-model-error-statuscode"].first == "400")
        #expect(failed.headers["ms-azureml-model-error-reason"].first?.contains("seconds") == true)
        #expect((failed.json["error"] as? [String: Any])?["code"] as? String == "UserError", "\(failed.body)")

        // 429: one may run and one wait (2 × 1 × 1 in flight); more are refused at once.
        let marker = FlowFolders.temporary("marker").path
        let first = Task {
            try await platform.call(
                .POST, "/endpoints/napper/score", json: #"{"seconds": 3, "marker": "\#(marker)"}"#, key: key)
        }
        while !FileManager.default.fileExists(atPath: marker) { try await Task.sleep(for: .milliseconds(20)) }
        let others = (0..<3).map { _ in
            Task { try await platform.call(.POST, "/endpoints/napper/score", json: #"{"seconds": 0}"#, key: key) }
        }
        var statuses = [try await first.value.status]
        for task in others { statuses.append(try await task.value.status) }
        #expect(statuses.sorted() == [200, 200, 429, 429], "\(statuses)")
        try? FileManager.default.removeItem(atPath: marker)

        // 404: the endpoint has a deployment but no traffic.
        let zero = try await platform.call(
            .PATCH, "/api/v1/endpoints/napper", json: #"{"traffic": {"blue": 0}}"#, admin: true)
        #expect(zero.status == 200, "\(zero.body)")
        let none = try await platform.call(.POST, "/endpoints/napper/score", json: #"{"seconds": 0}"#, key: key)
        #expect(none.status == 404, "\(none.body)")
        // 408: over request_timeout_ms (last: the python worker keeps sleeping after the run is cancelled). The header
        // reaches a deployment that takes no live traffic, as Azure's does.
        let slow = try await platform.call(
            .POST, "/endpoints/napper/score", json: #"{"seconds": 30}"#, key: key,
            headers: [("azureml-model-deployment", "blue")])
        #expect(slow.status == 408, "\(slow.body)")
        await platform.stop()
        try? FileManager.default.removeItem(at: nap)
    }

    @Test func gatewayMetricsCarryEndpointAndDeployment() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(endpoint: "counted", flow: PlatformHarness.example("python-only"))
        #expect(try await platform.call(.POST, "/endpoints/counted/score", json: "{}", key: key).status == 200)
        let metrics = try await platform.call(.GET, "/metrics")
        #expect(metrics.status == 200)
        let lines = metrics.body.split(separator: "\n")
        #expect(lines.contains { $0.contains("endpoint=\"counted\"") && $0.contains("deployment=\"blue\"") })
        await platform.stop()
    }
}
