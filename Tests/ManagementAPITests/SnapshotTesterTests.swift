import FlowSpec
import Foundation
import HummingbirdTesting
import Logging
import Platform
import Testing

/// `SnapshotTester`'s kept Python workers: bounded in count (an idle pool makes room, a busy one refuses), stopped
/// after their idle timeout, and a stuck tool failed by the Python timeout instead of holding its worker.
@Suite struct SnapshotTesterTests {
    private static func tester(
        _ fixture: APIFixture, limit: Int = 1, idle: Duration = .seconds(300), python: Duration = .seconds(300)
    ) -> SnapshotTester {
        let plane = fixture.controlPlane
        return SnapshotTester(
            snapshots: plane.snapshots, connections: plane.connections, environment: plane.configuration.environment,
            environmentsDirectory: plane.configuration.directory.file("envs"), logger: Logger(label: "test.tests"),
            poolLimit: limit, idleTimeout: idle, pythonTimeout: python)
    }

    private static func uploads(_ fixture: APIFixture) async throws -> (dag: String, chat: String) {
        try await fixture.test { client in
            (
                try await SnapshotTestRouteTests.upload(SnapshotTestRouteTests.dagFlow, client),
                try await SnapshotTestRouteTests.upload(SnapshotTestRouteTests.chatFlow, client)
            )
        }
    }

    @Test func anIdleSnapshotsWorkersStop() async throws {
        let fixture = try APIFixture()
        let tester = Self.tester(fixture, idle: .milliseconds(300))
        defer { tester.shutdown() }
        let (dag, chat) = try await Self.uploads(fixture)
        let run = try await tester.test(SnapshotTestRequest(snapshotID: dag, inputs: ["text": "a"]))
        let pid = try #require(try run.outcome.get().outputs["pid"]?.intValue)
        run.finish()
        #expect(tester.pooledSnapshots == [dag])
        // With a limit of one, testing another snapshot evicts the idle one.
        let other = try await tester.test(SnapshotTestRequest(snapshotID: chat, inputs: ["question": "q"]))
        other.finish()
        #expect(tester.pooledSnapshots == [chat])
        #expect(await SnapshotTestRouteTests.exits(pid_t(pid)))
        // Idle past the timeout, the remaining pool is stopped too.
        let deadline = ContinuousClock.now + .seconds(30)
        while !tester.pooledSnapshots.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(tester.pooledSnapshots.isEmpty)
    }

    @Test func aBusyPoolIsNotEvictedAndTheNextSnapshotIsRefused() async throws {
        let fixture = try APIFixture()
        let tester = Self.tester(fixture)
        defer { tester.shutdown() }
        let (dag, chat) = try await Self.uploads(fixture)
        let held = try await tester.test(SnapshotTestRequest(snapshotID: dag, inputs: ["text": "a"]))
        await #expect(throws: SnapshotTestError.self) {
            _ = try await tester.test(SnapshotTestRequest(snapshotID: chat, inputs: ["question": "q"]))
        }
        #expect(tester.pooledSnapshots == [dag])
        held.finish()
        let next = try await tester.test(SnapshotTestRequest(snapshotID: chat, inputs: ["question": "q"]))
        next.finish()
        #expect(tester.pooledSnapshots == [chat])
    }

    @Test func aStuckToolFailsAtThePythonTimeoutNamingItsNode() async throws {
        let fixture = try APIFixture()
        let tester = Self.tester(fixture, python: .seconds(1))
        defer { tester.shutdown() }
        var files = SnapshotTestRouteTests.dagFlow
        files["shout.py"] = """
            import time

            from promptflow.core import tool


            @tool
            def shout(text: str, times: int) -> str:
                time.sleep(600)
                return text
            """
        let stuck = files
        let id = try await fixture.test { client in try await SnapshotTestRouteTests.upload(stuck, client) }
        let run = try await tester.test(SnapshotTestRequest(snapshotID: id, inputs: ["text": "a"]))
        run.finish()
        guard case .failure(let error) = run.outcome else {
            Issue.record("the stuck tool's run did not fail")
            return
        }
        #expect(error.node == "shout" || error.record?.node("shout")?.status == .failed, "\(error)")
    }
}
