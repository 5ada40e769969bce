import FlowEngine
import FlowSpec
import Foundation
import Logging
import Synchronization
import Telemetry
import Testing

@testable import Platform

/// The pieces instances are made of: the bounded log ring, connection overrides, the workers' environment and the
/// `FlowServer` settings a deployment implies.
struct RuntimeTests {
    @Test func logRingKeepsTheLastLinesOldestFirst() {
        var ring = LogRing(capacity: 3)
        for index in 1...5 { ring.append(DeploymentLog.Line(source: "blue-\(index % 2)", text: "line \(index)")) }
        #expect(ring.last(10, source: nil) == ["line 3", "line 4", "line 5"])
        #expect(ring.last(2, source: nil) == ["line 4", "line 5"])
        #expect(ring.last(0, source: nil) == [])
        #expect(ring.last(10, source: "blue-1") == ["line 3", "line 5"])
    }

    static func flow() throws -> Flow {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        inputs:
          q: {type: string}
        outputs:
          a: {type: string, reference: "${first.output}"}
          b: {type: string, reference: "${second.output}"}
        nodes:
        - name: first
          type: llm
          source: {type: code, path: p.jinja2}
          inputs: {question: "${inputs.q}"}
          connection: conn_a
          api: chat
        - name: second
          type: llm
          source: {type: code, path: p.jinja2}
          inputs: {question: "${inputs.q}"}
          connection: conn_a
          api: chat
        environment_variables:
          FLOW_ONLY: "1"
          BOTH: flow
          LIST: [1, 2]
        """.write(to: folder.appendingPathComponent("flow.dag.yaml"), atomically: true, encoding: .utf8)
        try "user:\n{{question}}".write(to: folder.appendingPathComponent("p.jinja2"), atomically: true, encoding: .utf8)
        return try FlowLoader.load(path: folder.path)
    }

    @Test func nodeKeysReplaceThatNodesConnectionAndOtherKeysMapConnections() throws {
        let flow = try Self.flow()
        let byNode = ConnectionOverrides(["second": "conn_b"], flow: flow)
        let applied = byNode.apply(to: flow)
        #expect(applied.node("first")?.connection == "conn_a")
        #expect(applied.node("second")?.connection == "conn_b")
        #expect(byNode.needed(by: applied).map(\.connection) == ["conn_a", "conn_b"])

        let byName = ConnectionOverrides(["conn_a": "conn_c"], flow: flow)
        let mapped = byName.apply(to: flow)
        #expect(mapped.node("first")?.connection == "conn_a")
        #expect(byName.needed(by: mapped).map(\.connection) == ["conn_c"])
        #expect(byName.needed(by: mapped).first?.usedBy == "node 'first'")
    }

    @Test func mappedConnectionIsFoundUnderItsNewNameAndKeepsTheOldOne() async throws {
        let flow = try Self.flow()
        let home = TemporaryHome()
        let store = try LocalConnectionStore(directory: home.directory, environment: [:])
        try await store.create(
            Connection(name: "conn_c", type: "custom", configs: ["endpoint": "e"], secrets: ["token": "t"]))
        let provider = ConnectionOverrides(["conn_a": "conn_c"], flow: flow).provider(over: store)
        let found = try await provider.connection(named: "conn_a")
        #expect(found?.name == "conn_a")
        #expect(found?.configs == ["endpoint": "e"])
        #expect(try await provider.connection(named: "conn_b") == nil)
    }

    @Test func workersGetDeploymentVariablesThenTheFlowsWhereUnset() throws {
        let flow = try Self.flow()
        let environment = InstanceBlueprint.workerEnvironment(
            flow: flow, deployment: ["BOTH": "deployment", "DEPLOYMENT_ONLY": "d"],
            server: ["FLOW_ONLY": "server", "PATH": "/bin"])
        #expect(environment == ["BOTH": "deployment", "DEPLOYMENT_ONLY": "d", "LIST": "[1, 2]"])
    }

    @Test func serverSettingsFollowTheDeployment() {
        var deployment = Deployment(
            endpointName: "e1x", name: "d1x", flowPath: "/f",
            requestSettings: RequestSettings(requestTimeoutMS: 2_500, maxConcurrentRequestsPerInstance: 100))
        var configuration = InstanceBlueprint.serverConfiguration(for: deployment)
        #expect(configuration.limits.lineTimeoutSeconds == 2.5)
        #expect(configuration.includedFields == nil)
        #expect(configuration.limits.maxConcurrentRuns >= 400)
        deployment.outputs = ["answer"]
        configuration = InstanceBlueprint.serverConfiguration(for: deployment)
        #expect(configuration.includedFields == ["answer"])
    }

    @Test func instanceLogLinesHaveTimeLevelSourceAndSortedFields() async throws {
        let log = DeploymentLog(key: DeploymentKey("e", "blue"), folder: nil, logger: Logger(label: "test"))
        var logger = Logger(label: "test") { _ in DeploymentLogHandler(log: log, source: "blue-0") }
        logger[metadataKey: "deployment"] = "blue"
        logger.info("request finished", metadata: ["status": "200", "request_id": "r1"])
        logger.debug("not kept at info")
        let lines = await log.tail(5)
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.hasSuffix(" info [blue-0] request finished deployment=blue request_id=r1 status=200"))
        #expect(LogTimestamp.text(Date(timeIntervalSince1970: 1_800_000_000.9)) == "2027-01-15T08:00:00.900Z")
    }

    @Test func serialLockRunsBodiesOneAtATime() async throws {
        final class Events: Sendable {
            let list = Mutex<[String]>([])
            func add(_ event: String) { list.withLock { $0.append(event) } }
        }
        let lock = AsyncSerialLock()
        let events = Events()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await lock.run {
                        events.add("start")
                        await Task.yield()
                        events.add("end")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(events.list.withLock { $0 } == Array(repeating: ["start", "end"], count: 8).flatMap { $0 })
    }

    @Test func aTaskOwnsTheVersionsItReadOrWritesAndOlderOnes() {
        var work = ReconcilerState.Work(task: Task {}, provisions: true, version: 3)
        #expect(work.owns(2))  // a pass that read the store before the task's last write
        #expect(work.owns(3))
        #expect(!work.owns(4))  // someone else changed the deployment
        work.writing = 4
        #expect(work.owns(4))  // the task's own write under way
        #expect(!work.owns(5))
    }
}
