import Foundation
import Platform
import Testing

/// Instance resource metrics in the server's `/metrics`: absent until the endpoint's identity holds `metrics/write`
/// (Metrics Writer), then present after an update, per instance, for in-process and process instances alike; the
/// check-access stage says which and why.
@Suite("Platform server: instance resource metrics", .serialized)
struct ResourceMetricsTests {
    /// `name{labels} value` lines of one metric, keyed by their label text.
    static func samples(_ text: String, _ metric: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(metric + "{") {
            guard let close = line.lastIndex(of: "}"),
                let value = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
            else { continue }
            result[String(line[line.index(line.startIndex, offsetBy: metric.count)...close])] = value
        }
        return result
    }

    /// The message of the deployment's latest check-access stage.
    static func checkAccessMessage(
        _ platform: PlatformHarness, _ endpoint: String, _ deployment: String
    ) async throws -> String {
        let path = "/api/v1/endpoints/\(endpoint)/deployments/\(deployment)"
        let shown = try await platform.call(.GET, path, admin: true)
        let operation = shown.json["latest_operation_id"] as? String ?? ""
        let stages = try await platform.call(.GET, "/api/v1/operations/\(operation)", admin: true).json["stages"]
        let stage = (stages as? [[String: Any]])?.first { $0["name"] as? String == OperationStage.checkAccess }
        return stage?["message"] as? String ?? ""
    }

    @Test func metricsAppearOnlyAfterAGrantAndAnUpdate() async throws {
        let platform = try await PlatformHarness()
        let flow = PlatformHarness.example("python-only")
        let key = try await platform.deploy(endpoint: "res", flow: flow, extra: #", "instance_count": 2"#)
        let green = try await platform.call(
            .POST, "/api/v1/endpoints/res/deployments",
            json: #"{"name": "green", "model": "\#(flow)", "instance_runtime": "process"}"#, admin: true)
        #expect(green.status == 202, "\(green.body)")
        #expect(
            try await platform.settled("/api/v1/endpoints/res/deployments/green")["provisioning_state"] as? String
                == "Succeeded")
        _ = try await platform.deploy(endpoint: "other", flow: flow)
        for _ in 0..<3 {
            let reply = try await platform.call(.POST, "/endpoints/res/score", json: #"{"text": "a b"}"#, key: key)
            #expect(reply.status == 200, "\(reply.body)")
        }

        let before = try await platform.call(.GET, "/metrics")
        #expect(before.status == 200)
        #expect(!before.body.contains("flowgate_instance_"), "\(before.body)")
        let off = try await Self.checkAccessMessage(platform, "res", "blue")
        #expect(
            off.contains("resource metrics off: identity 'endpoint:res' lacks metrics/write; grant Metrics Writer"),
            "\(off)")
        let logsPath = "/api/v1/endpoints/res/deployments/blue/logs?lines=1000"
        let offLog = try await platform.call(.GET, logsPath, admin: true).body
        #expect(offLog.contains("resource metrics off: identity 'endpoint:res' lacks metrics/write"), "\(offLog)")

        let grant = try await platform.call(
            .POST, "/api/v1/role-assignments",
            json: #"{"role": "Metrics Writer", "principal": "endpoint:res", "scope": "/endpoints/res"}"#, admin: true)
        #expect(grant.status == 201, "\(grant.body)")
        // Granted but not yet updated: the running generation keeps what its check decided.
        #expect(!(try await platform.call(.GET, "/metrics").body.contains("flowgate_instance_")))
        for deployment in ["blue", "green"] {
            let path = "/api/v1/endpoints/res/deployments/\(deployment)"
            let patched = try await platform.call(.PATCH, path, json: #"{"tags": {"metrics": "on"}}"#, admin: true)
            #expect(patched.status == 202, "\(patched.body)")
            #expect(try await platform.settled(path)["provisioning_state"] as? String == "Succeeded")
            let on = try await Self.checkAccessMessage(platform, "res", deployment)
            #expect(on.contains("resource metrics on"), "\(on)")
        }
        _ = try await platform.call(.POST, "/endpoints/res/score", json: #"{"text": "c d"}"#, key: key)
        let onLog = try await platform.call(.GET, logsPath, admin: true).body
        #expect(
            onLog.contains("[provisioning] check access: succeeded (no connections; resource metrics on)"), "\(onLog)")

        let after = try await platform.call(.GET, "/metrics").body
        #expect(after.contains("# TYPE flowgate_instance_cpu_seconds_total counter"), "\(after)")
        #expect(after.contains("# TYPE flowgate_instance_memory_bytes gauge"))
        let memory = Self.samples(after, "flowgate_instance_memory_bytes")
        let cpu = Self.samples(after, "flowgate_instance_cpu_seconds_total")
        let expected = [("blue", "blue-0"), ("blue", "blue-1"), ("green", "green-0")].map {
            #"{endpoint="res",deployment="\#($0.0)",instance="\#($0.1)"}"#
        }
        #expect(Set(memory.keys) == Set(expected), "\(after)")
        #expect(Set(cpu.keys) == Set(expected))
        for labels in expected {
            // A Python worker alone holds several MiB resident; a `flow serve` child more.
            #expect((memory[labels] ?? 0) > 4_000_000, "\(labels): \(memory[labels] ?? -1)")
            #expect((cpu[labels] ?? 0) > 0, "\(labels): \(cpu[labels] ?? -1)")
        }
        await platform.stop()
    }
}
