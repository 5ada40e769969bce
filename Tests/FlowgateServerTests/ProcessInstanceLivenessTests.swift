import Foundation
import NIOHTTP1
import Platform
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A hung child (stopped with SIGSTOP) fails its liveness probe and is replaced; connection overrides are refused.
@Suite("Platform server: process instance liveness", .serialized)
struct ProcessInstanceLivenessTests {
    @Test func aHungChildIsKilledAndRestarted() async throws {
        let platform = try await PlatformHarness()
        let probe = #", "liveness_probe": {"initial_delay": 0, "period": 1, "timeout": 1, "failure_threshold": 2}"#
        let key = try await platform.deploy(
            endpoint: "hang", flow: PlatformHarness.example("python-only"), extra: ProcessInstanceTests.runtime + probe)
        let instance = try #require(ProcessInstanceTests.instances(platform, "hang", "blue").first)
        let pid = try #require(instance.childProcessID)
        #expect(kill(pid, SIGSTOP) == 0)
        let clock = ContinuousClock()
        let end = clock.now + .seconds(180)
        while clock.now < end, !instance.isServing || instance.childProcessID == pid {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(instance.childProcessID != pid)
        #expect(instance.restarts >= 1)
        let reply = try await platform.call(.POST, "/endpoints/hang/score", json: #"{"text": "z"}"#, key: key)
        #expect(reply.status == 200, "\(reply.body)")
        let logs = try await platform.call(.GET, "/api/v1/endpoints/hang/deployments/blue/logs", admin: true)
        #expect(logs.body.contains("did not answer /health"), "\(logs.body.suffix(2000))")
        await platform.stop()
    }

    @Test func connectionOverridesAreRefusedForProcessInstances() async throws {
        let platform = try await PlatformHarness()
        _ = try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "refuse"}"#, admin: true)
        let flow = PlatformHarness.example("python-only")
        let body = #"{"name": "blue", "model": "\#(flow)", "instance_runtime": "process", "connection_overrides": {"a": "b"}}"#
        let made = try await platform.call(.POST, "/api/v1/endpoints/refuse/deployments", json: body, admin: true)
        #expect(made.status == 202, "\(made.body)")
        let state = try await platform.settled("/api/v1/endpoints/refuse/deployments/blue")
        #expect(state["provisioning_state"] as? String == "Failed", "\(state)")
        let failure = state["failure"] as? [String: Any]
        #expect((failure?["message"] as? String)?.contains("instance_runtime process") == true, "\(state)")
        await platform.stop()
    }
}
