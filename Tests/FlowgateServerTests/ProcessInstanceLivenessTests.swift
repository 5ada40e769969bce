import Foundation
import NIOHTTP1
import Platform
import Synchronization
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

    /// Set once the child is killed; read by the client tasks.
    final class KillFlag: Sendable {
        let value = Mutex(false)
    }

    @Test func aChildKilledUnderLoadFailsOnlyItsOwnRequestsAndComesBack() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(
            endpoint: "load", flow: PlatformHarness.example("python-only"),
            extra: ProcessInstanceTests.runtime
                + #", "instance_count": 2, "request_settings": {"max_concurrent_requests_per_instance": 8}"#)
        let instances = ProcessInstanceTests.instances(platform, "load", "blue")
        let victim = try #require(instances.first { $0.id == "blue-0" })
        let pid = try #require(victim.childProcessID)
        let killed = KillFlag()
        let results = try await withThrowingTaskGroup(of: [(Int, String, Bool)].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var seen: [(Int, String, Bool)] = []
                    // Until the victim is back and has been busy for a while after its restart.
                    var afterBack = 0
                    while afterBack < 25, seen.count < 5_000 {
                        let reply = try await platform.call(
                            .POST, "/endpoints/load/score", json: #"{"text": "k"}"#, key: key)
                        let reason = reply.headers["ms-azureml-model-error-reason"].first ?? ""
                        seen.append((reply.status, reason, killed.value.withLock { $0 }))
                        if killed.value.withLock({ $0 }), victim.isServing, victim.childProcessID != pid { afterBack += 1 }
                    }
                    return seen
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            killed.value.withLock { $0 = true }
            kill(pid, SIGKILL)
            var all: [(Int, String, Bool)] = []
            for try await part in group { all += part }
            return all
        }
        let failed = results.filter { $0.0 != 200 }
        #expect(failed.allSatisfy { $0.0 == 424 && $0.1.contains("blue-0") && $0.2 }, "\(failed.prefix(5))")
        #expect(results.filter { $0.0 == 200 && $0.2 }.count > 0)
        // Once a request has seen the child die, the gateway sends none to it until it is back: only requests in
        // flight on it then fail (8 clients with one request each; ×3 for those racing the first failure).
        #expect(failed.count <= 24, "\(failed.count) requests failed")
        #expect(victim.restarts >= 1)
        print(
            "process instance under load: \(results.count) requests, \(failed.count) failed (424), "
                + "\(Set(failed.map(\.1)).sorted()) \(Set(failed.map { "\($0.0) \($0.2)" }))")
        await platform.stop()
    }
}
