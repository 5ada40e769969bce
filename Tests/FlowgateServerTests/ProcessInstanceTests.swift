import Foundation
import NIOHTTP1
import Platform
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Process instances end to end: `instance_runtime: process` deployments run `flowgate flow serve` children behind
/// the gateway (real server, real children, real sockets), stream through it, and come back after SIGKILL.
@Suite("Platform server: process instances", .serialized)
struct ProcessInstanceTests {
    static let runtime = #", "instance_runtime": "process""#

    /// The live process instances of `deployment`.
    static func instances(_ platform: PlatformHarness, _ endpoint: String, _ deployment: String) -> [ProcessInstance] {
        let live = platform.server.controlPlane.live.endpoint(named: endpoint)
        return (live?.deployments[deployment]?.instances ?? []).compactMap { $0 as? ProcessInstance }
    }

    @Test func aProcessDeploymentScoresThroughTheGateway() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(
            endpoint: "proc", flow: PlatformHarness.example("python-only"), extra: Self.runtime)
        let shown = try await platform.call(.GET, "/api/v1/endpoints/proc/deployments/blue", admin: true)
        #expect(shown.json["instance_runtime"] as? String == "process")
        let instances = Self.instances(platform, "proc", "blue")
        #expect(instances.count == 1)
        #expect(instances.first?.childProcessID != nil)

        let reply = try await platform.call(
            .POST, "/endpoints/proc/score", json: #"{"text": "a b a"}"#, key: key,
            headers: [("x-request-id", "process-request-1")])
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.headers["x-request-id"].first == "process-request-1")
        #expect(reply.headers["content-type"].first?.hasPrefix("application/json") == true)
        #expect(reply.body.contains("3 words"), "\(reply.body)")
        let swagger = try await platform.call(.GET, "/endpoints/proc/swagger.json", key: key)
        #expect(swagger.status == 200)
        #expect(swagger.body.contains("\"text\""), "\(swagger.body)")
        await platform.stop()
        #expect(instances.allSatisfy { $0.isStopped })
    }

    @Test func anEventStreamPassesThroughAChild() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(
            endpoint: "story", flow: PlatformHarness.example("flex-stream"), extra: Self.runtime)
        let reply = try await platform.call(
            .POST, "/endpoints/story/score", json: #"{"topic": "gateways", "sentences": 3}"#, key: key,
            headers: [("Accept", "text/event-stream")])
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.headers["content-type"].first?.hasPrefix("text/event-stream") == true)
        #expect(reply.headers["content-length"].isEmpty)
        #expect(reply.body.hasPrefix("data: "), "\(reply.body)")
        #expect(reply.body.contains("Sentence 3 about gateways"), "\(reply.body)")
        await platform.stop()
    }

    @Test func aKilledChildFailsWithAReasonAndComesBack() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(
            endpoint: "crash", flow: PlatformHarness.example("python-only"),
            extra: Self.runtime + #", "instance_count": 2, "liveness_probe": {"period": 1}"#)
        let instances = Self.instances(platform, "crash", "blue")
        #expect(instances.count == 2)
        let victim = try #require(instances.first)
        let pid = try #require(victim.childProcessID)
        #expect(kill(pid, SIGKILL) == 0)

        // While blue-0 restarts, each request either succeeds on blue-1 or fails 424 naming the restart.
        var failures: [String] = []
        var successes = 0
        for _ in 0..<40 {
            let reply = try await platform.call(.POST, "/endpoints/crash/score", json: #"{"text": "x"}"#, key: key)
            if reply.status == 200 {
                successes += 1
            } else {
                #expect(reply.status == 424, "\(reply.status) \(reply.body)")
                failures.append(reply.headers["ms-azureml-model-error-reason"].first ?? "")
            }
        }
        #expect(successes > 0)
        for reason in failures {
            #expect(reason.contains("blue-0"), "\(reason)")
        }

        // The child is restarted (a new process) and serves again.
        let clock = ContinuousClock()
        let end = clock.now + .seconds(180)
        while clock.now < end, !victim.isServing || victim.childProcessID == pid {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(victim.restarts >= 1)
        #expect(victim.isServing)
        let replacement = try #require(victim.childProcessID)
        #expect(replacement != pid)
        var served = false
        for _ in 0..<40 where !served {
            let reply = try await platform.call(.POST, "/endpoints/crash/score", json: #"{"text": "y"}"#, key: key)
            #expect(reply.status == 200, "\(reply.body)")
            served = reply.status == 200
        }
        #expect(await victim.isHealthy(timeout: .seconds(30)))
        await platform.stop()
    }
}
