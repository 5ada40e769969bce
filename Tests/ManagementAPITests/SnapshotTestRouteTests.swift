import FlowSpec
import FlowgateTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Platform
import Testing

/// `POST /snapshots/{id}/test`: one line of an uploaded flow run without deploying it, with per-node records, a
/// failing node named, input errors as 400s naming the input, a chat flow's answer streamed as SSE, the action
/// refused to a Reader, and the snapshot's Python workers kept between calls and stopped at shutdown.
@Suite struct SnapshotTestRouteTests {
    /// A DAG of two python nodes; `pid` answers the worker's process id.
    static let dagFlow: [String: String] = [
        "flow.dag.yaml": """
        inputs:
          text:
            type: string
          times:
            type: int
            default: 2
        outputs:
          shout:
            type: string
            reference: ${shout.output}
          pid:
            type: int
            reference: ${pid.output}
        nodes:
        - name: shout
          type: python
          source: {type: code, path: shout.py}
          inputs:
            text: ${inputs.text}
            times: ${inputs.times}
        - name: pid
          type: python
          source: {type: code, path: pid.py}
          inputs:
            shouted: ${shout.output}
        """,
        "shout.py": """
        from promptflow.core import tool


        @tool
        def shout(text: str, times: int) -> str:
            if text == "boom":
                raise ValueError("the text exploded")
            return " ".join([text.upper()] * times)
        """,
        "pid.py": """
        import os

        from promptflow.core import tool


        @tool
        def pid(shouted: str) -> int:
            return os.getpid()
        """,
    ]

    /// A chat flow whose answer comes from a generator tool, word by word.
    static let chatFlow: [String: String] = [
        "flow.dag.yaml": """
        inputs:
          question:
            type: string
            is_chat_input: true
          chat_history:
            type: list
            is_chat_history: true
            default: []
        outputs:
          answer:
            type: string
            reference: ${reply.output}
            is_chat_output: true

        """
            + TestFlowFiles.pythonNode(
                "reply", inputs: ["question": "${inputs.question}", "chat_history": "${inputs.chat_history}"]),
        "reply.py": """
        from promptflow.core import tool


        @tool
        def reply(question: str, chat_history: list):
            for word in ["You", " asked", " about", " ", question, f" after {len(chat_history)} turns"]:
                yield word
        """,
    ]

    /// Writes `files` to a temporary folder, uploads it as a tar and returns the snapshot id.
    static func upload(_ files: [String: String], _ client: some TestClientProtocol) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", folder.path, "."])
        let uploaded = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
        return try #require(uploaded.json["id"].stringValue, "\(uploaded.text)")
    }

    /// Runs `body` on a fresh fixture and stops the kept Python workers afterwards.
    private func withFixture(_ body: @Sendable (APIFixture, any TestClientProtocol) async throws -> Void) async throws {
        let fixture = try APIFixture()
        do {
            try await fixture.test { client in try await body(fixture, client) }
        } catch {
            await fixture.controlPlane.runs.shutdown()
            throw error
        }
        await fixture.controlPlane.runs.shutdown()
    }

    @Test func aDAGAnswersOutputsAndNodeRecordsAndKeepsItsWorker() async throws {
        try await withFixture { fixture, client in
            let id = try await Self.upload(Self.dagFlow, client)
            let first = try await client.send(.post, "/snapshots/\(id)/test", json: ["inputs": ["text": "hi"]])
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["status"] == "Completed")
            #expect(first.json["outputs"]["shout"] == "HI HI")
            #expect(first.json["run_id"].stringValue?.isEmpty == false)
            #expect(first.json["duration_ms"].doubleValue.map { $0 >= 0 } == true)
            #expect(first.json["tokens"] == ["prompt": 0, "completion": 0])
            let nodes = first.json["nodes"].listValue ?? []
            #expect(nodes.map { $0["name"] } == ["shout", "pid"])
            #expect(nodes.map { $0["status"] } == ["Completed", "Completed"])
            #expect(nodes.first?["output"] == "HI HI")
            #expect(nodes.allSatisfy { $0["duration_ms"].doubleValue != nil })
            let pid = try #require(first.json["outputs"]["pid"].intValue)

            // The second call runs in the same worker: the pool is kept per snapshot.
            let second = try await client.send(
                .post, "/snapshots/\(id)/test", json: ["inputs": ["text": "yo", "times": "3"]])
            #expect(second.json["outputs"]["shout"] == "YO YO YO", "\(second.text)")
            #expect(second.json["outputs"]["pid"].intValue == pid)
            #expect(fixture.controlPlane.runs.tests.pooledSnapshots == [id])
            #expect(kill(pid_t(pid), 0) == 0)

            // Server shutdown stops the kept worker.
            await fixture.controlPlane.runs.shutdown()
            #expect(fixture.controlPlane.runs.tests.pooledSnapshots.isEmpty)
            #expect(await Self.exits(pid_t(pid)))
        }
    }

    @Test func aFailingToolAnswersFailedNamingTheNode() async throws {
        try await withFixture { _, client in
            let id = try await Self.upload(Self.dagFlow, client)
            let failed = try await client.send(.post, "/snapshots/\(id)/test", json: ["inputs": ["text": "boom"]])
            #expect(failed.status == .ok, "\(failed.text)")
            #expect(failed.json["status"] == "Failed")
            #expect(failed.json["outputs"] == [:])
            #expect(failed.json["error"]["node"] == "shout")
            #expect(failed.json["error"]["code"] == "UserError")
            #expect(failed.json["error"]["message"].stringValue?.contains("the text exploded") == true)
            let shout = failed.json["nodes"].listValue?.first { $0["name"] == "shout" }
            #expect(shout?["status"] == "Failed")
            #expect(shout?["error"].stringValue?.contains("the text exploded") == true)
        }
    }

    @Test func inputAndRequestErrorsAre400sNamingTheField() async throws {
        try await withFixture { _, client in
            let id = try await Self.upload(Self.dagFlow, client)
            let missing = try await client.send(.post, "/snapshots/\(id)/test", json: ["inputs": ["times": 1]])
            #expect(missing.status == .badRequest, "\(missing.text)")
            #expect(missing.errorDetails["inputs.text"]?.contains("Required input fields ['text'] are missing") == true)
            let mistyped = try await client.send(
                .post, "/snapshots/\(id)/test", json: ["inputs": ["text": "a", "times": "many"]])
            #expect(mistyped.status == .badRequest)
            #expect(mistyped.errorDetails["inputs.times"]?.contains("does not match the expected type 'int'") == true)
            let variant = try await client.send(
                .post, "/snapshots/\(id)/test", json: ["inputs": ["text": "a"], "variant": "${shout.variant_9}"])
            #expect(variant.status == .badRequest)
            #expect(variant.errorDetails["variant"] != nil, "\(variant.text)")
            let notObject = try await client.send(.post, "/snapshots/\(id)/test", json: ["inputs": "text"])
            #expect(notObject.errorDetails["inputs"] != nil)
            let unknown = try await client.send(
                .post, "/snapshots/\(String(repeating: "b", count: 64))/test", json: ["inputs": [:]])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func aChatFlowStreamsItsAnswer() async throws {
        try await withFixture { _, client in
            let id = try await Self.upload(Self.chatFlow, client)
            let body: FlowValue = ["inputs": ["question": "flows", "chat_history": [["inputs": [:], "outputs": [:]]]]]
            let streamed = try await client.execute(
                uri: "/api/v1/snapshots/\(id)/test", method: .post,
                headers: [
                    .authorization: "Bearer \(APIFixture.adminKey)", .contentType: "application/json",
                    .accept: "text/event-stream",
                ],
                body: .init(string: body.json(.compact)))
            #expect(streamed.status == .ok)
            #expect(streamed.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = streamed.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.count == 6, "\(streamed.text)")
            #expect(events.first == #"data: {"answer": "You"}"#)
            let text = events.compactMap { event -> String? in
                guard event.hasPrefix("data: ") else { return nil }
                return (try? FlowValue(json: String(event.dropFirst(6))))?["answer"].stringValue
            }.joined()
            #expect(text == "You asked about flows after 1 turns")

            // Without SSE the same flow answers its joined output in JSON.
            let joined = try await client.send(.post, "/snapshots/\(id)/test", json: body)
            #expect(joined.json["outputs"] == ["answer": "You asked about flows after 1 turns"], "\(joined.text)")
        }
    }

    @Test func aReaderMayNotTestAFlow() async throws {
        try await withFixture { _, client in
            let id = try await Self.upload(Self.dagFlow, client)
            #expect(try await client.send(.post, "/principals", json: ["name": "rory"]).status == .created)
            let key = try #require(try await client.send(.post, "/principals/rory/keys").json["key"].stringValue)
            let assigned = try await client.send(
                .post, "/role-assignments", json: ["role": "Reader", "principal": "rory", "scope": "/"])
            #expect(assigned.status == .created)
            let refused = try await client.send(
                .post, "/snapshots/\(id)/test", json: ["inputs": ["text": "hi"]], key: key)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("snapshots/test/action"))
            #expect(try await client.send(.get, "/snapshots/\(id)/flow", key: key).status == .ok)
        }
    }

    /// Whether process `pid` is gone within a generous deadline.
    static func exits(_ pid: pid_t) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if kill(pid, 0) != 0 { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

extension FlowValue {
    /// The number, when this is one.
    var doubleValue: Double? {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }
}
