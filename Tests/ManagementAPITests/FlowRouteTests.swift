import FlowSpec
import Foundation
import HummingbirdTesting
import Testing

/// `GET /snapshots/{id}/flow` and `GET /endpoints/{e}/deployments/{d}/flow`: the flow described for the console
/// (form inputs, chat flags, the DAG with activate conditions and aggregation nodes, edges, a sample).
@Suite struct FlowRouteTests {
    /// Uploads an example folder as a snapshot and returns its flow description.
    private func describe(_ example: String, _ client: some TestClientProtocol) async throws -> FlowValue {
        let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", APIFixture.example(example).path, "."])
        let uploaded = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
        let id = try #require(uploaded.json["id"].stringValue, "\(uploaded.text)")
        let described = try await client.send(.get, "/snapshots/\(id)/flow")
        #expect(described.status == .ok, "\(described.text)")
        #expect(described.json["snapshot_id"] == .string(id))
        return described.json
    }

    private func node(_ flow: FlowValue, _ name: String) -> FlowValue {
        flow["nodes"].listValue?.first { $0["name"] == .string(name) } ?? .null
    }

    private func input(_ flow: FlowValue, _ name: String) -> FlowValue {
        flow["inputs"].listValue?.first { $0["name"] == .string(name) } ?? .null
    }

    @Test func aDAGWithActivateConditionsAndAnAggregationNode() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let flow = try await describe("activate-branches", client)
            #expect(flow["kind"] == "dag")
            #expect(flow["flow_type"] == "standard")
            #expect(flow["is_chat"] == false)
            #expect(flow["file"] == "flow.dag.yaml")
            #expect(
                flow["nodes"].listValue?.map { $0["name"] } == ["classify", "answer_question", "acknowledge", "merge"])
            #expect(node(flow, "classify")["type"] == "python")
            #expect(node(flow, "classify")["inputs"] == ["message": "${inputs.message}"])
            #expect(node(flow, "classify")["activate"] == .null)
            #expect(node(flow, "answer_question")["activate"] == ["when": "${classify.output}", "is": "question"])
            #expect(node(flow, "acknowledge")["activate"] == ["when": "${classify.output}", "is": "statement"])
            #expect(node(flow, "merge")["aggregation"] == false)
            #expect(node(flow, "merge")["source"] == ["type": "code", "path": "merge.py"])
            #expect(
                flow["edges"]
                    == [
                        ["from": "classify", "to": "answer_question", "kind": "activate"],
                        ["from": "classify", "to": "acknowledge", "kind": "activate"],
                        ["from": "answer_question", "to": "merge", "kind": "input"],
                        ["from": "acknowledge", "to": "merge", "kind": "input"],
                    ])
            #expect(input(flow, "message")["type"] == "string")
            #expect(input(flow, "message")["default"] == "Where can I find the flow logs?")
            #expect(input(flow, "message")["required"] == false)
            #expect(flow["outputs"].listValue?.map { $0["reference"] } == ["${classify.output}", "${merge.output}"])
            #expect(flow["sample"] == ["message": "How do I deploy a flow?"])

            let evaluation = try await describe("eval-accuracy", client)
            #expect(evaluation["kind"] == "dag")
            #expect(evaluation["flow_type"] == "evaluation")
            #expect(node(evaluation, "accuracy")["aggregation"] == true)
            #expect(node(evaluation, "grade")["aggregation"] == false)
            #expect(evaluation["edges"] == [["from": "grade", "to": "accuracy", "kind": "input"]])
            #expect(input(evaluation, "groundtruth")["description"] == "The expected label.")
        }
    }

    @Test func aChatFlowMarksItsChatInputHistoryAndOutput() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let flow = try await describe("chat-basic", client)
            #expect(flow["flow_type"] == "chat")
            #expect(flow["is_chat"] == true)
            #expect(input(flow, "question")["is_chat_input"] == true)
            #expect(input(flow, "question")["is_chat_history"] == false)
            #expect(input(flow, "chat_history")["is_chat_history"] == true)
            #expect(input(flow, "chat_history")["type"] == "list")
            #expect(input(flow, "chat_history")["default"] == [])
            #expect(
                flow["outputs"] == [
                    [
                        "name": "answer", "type": "string", "reference": "${chat.output}", "is_chat_output": true,
                        "served": true,
                    ]
                ])
            let chat = node(flow, "chat")
            #expect(chat["type"] == "llm")
            #expect(chat["api"] == "chat")
            #expect(chat["connection"] == "open_ai_connection")
            #expect(chat["inputs"]["temperature"] == 0.7)
            #expect(chat["inputs"]["chat_history"] == "${inputs.chat_history}")
            #expect(flow["edges"] == [])
            #expect(flow["sample"]["question"] == "And how do I run one locally?")
        }
    }

    @Test func promptyFlexAndVariantFlows() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let prompty = try await describe("prompty-summarize", client)
            #expect(prompty["kind"] == "prompty")
            #expect(prompty["is_chat"] == false)
            #expect(prompty["file"] == "summarize.prompty")
            #expect(prompty["nodes"] == [])
            #expect(prompty["edges"] == [])
            #expect(prompty["prompty"]["api"] == "chat")
            #expect(input(prompty, "text")["required"] == true)
            #expect(input(prompty, "text")["default"] == .null)
            #expect(input(prompty, "max_sentences")["type"] == "int")
            #expect(input(prompty, "max_sentences")["default"] == 3)
            #expect(prompty["sample"]["audience"] == "a product manager")
            #expect(prompty["description"] == "Summarises a text for a given audience in at most a few sentences.")

            let flex = try await describe("flex-echo", client)
            #expect(flex["kind"] == "flex")
            #expect(flex["entry"] == "echo:Echo")
            #expect(flex["sample"] == ["text": "hello", "times": 2])
            #expect(input(flex, "times")["default"] == 1)

            let variants = try await describe("variants", client)
            let summarize = node(variants, "summarize")
            #expect(summarize["use_variants"] == true)
            #expect(summarize["type"] == "llm")
            #expect(summarize["default_variant"] == "variant_0")
            #expect(summarize["variants"] == ["variant_0", "variant_1"])
            #expect(summarize["source"]["path"] == "summarize_sentence.jinja2")
        }
    }

    @Test func anEnumInputListsItsValues() async throws {
        let fixture = try APIFixture()
        let folder = fixture.root.appendingPathComponent("enum-flow")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(
            """
            inputs:
              tone:
                type: string
                enum: [formal, casual]
                default: casual
              count:
                type: int
            outputs:
              echoed:
                type: string
                reference: ${inputs.tone}
            nodes: []
            """.utf8
        ).write(to: folder.appendingPathComponent("flow.dag.yaml"))
        try await fixture.test { client in
            let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", folder.path, "."])
            let uploaded = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
            let id = try #require(uploaded.json["id"].stringValue, "\(uploaded.text)")
            let flow = try await client.send(.get, "/snapshots/\(id)/flow").json
            #expect(input(flow, "tone")["enum"] == ["formal", "casual"], "\(flow)")
            #expect(input(flow, "tone")["default"] == "casual")
            #expect(input(flow, "count")["enum"] == .null)
            #expect(input(flow, "count")["required"] == true)
            #expect(flow["outputs"].listValue?.first?["reference"] == "${inputs.tone}")
            #expect(flow["sample"] == .null)
        }
    }

    @Test func snapshotsAreListedNewestFirstWithTheirFlows() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.send(.get, "/snapshots").json["value"] == [])
            let dag = try await describe("activate-branches", client)
            // Created times are whole seconds: the second upload must be in a later one to be listed first.
            try await Task.sleep(for: .milliseconds(1100))
            let prompty = try await describe("prompty-summarize", client)
            let listed = try await client.send(.get, "/snapshots")
            #expect(listed.status == .ok, "\(listed.text)")
            let value = listed.json["value"].listValue ?? []
            #expect(value.map { $0["id"] } == [prompty["snapshot_id"], dag["snapshot_id"]])
            #expect(value.first?["flow"]["kind"] == "prompty")
            #expect(value.first?["flow"]["name"] == "Summarize")
            #expect(value.last?["flow"]["kind"] == "dag")
            #expect(value.last?["flow"]["name"] == .null)
            #expect(value.last?["flow"]["is_chat"] == false)
            #expect(value.last?["file_count"].intValue ?? 0 > 3)
            #expect(try await client.send(.get, "/snapshots?limit=1").json["value"].listValue?.count == 1)
            #expect(try await client.send(.get, "/snapshots?limit=0").status == .badRequest)
        }
    }

    @Test func anUnknownSnapshotIsNotFound() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let unknown = try await client.send(.get, "/snapshots/\(String(repeating: "a", count: 64))/flow")
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "NotFound")
            #expect(try await client.send(.get, "/snapshots/not-an-id/flow").status == .notFound)
            #expect(try await client.send(.get, "/snapshots/x/flow", key: nil).status == .unauthorized)
        }
    }

    @Test func aDeploymentDescribesTheSnapshotAndVariantItServes() async throws {
        let fixture = try APIFixture()
        // Nothing to install, so the reconciler builds no environment (its shutdown would wait for pip).
        let variants = fixture.root.appendingPathComponent("variants")
        try FileManager.default.copyItem(at: APIFixture.example("variants"), to: variants)
        try Data("# nothing to install\n".utf8).write(to: variants.appendingPathComponent("requirements.txt"))
        try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "summaries"])
            let body: FlowValue = [
                "name": "blue", "model": .string(variants.path),
                "variant": "${summarize.variant_1}",
            ]
            #expect(try await client.send(.post, "/endpoints/summaries/deployments", json: body).status == .accepted)
            // The reconciler has not registered the flow yet: nothing to describe.
            let early = try await client.send(.get, "/endpoints/summaries/deployments/blue/flow")
            #expect(early.status == .conflict, "\(early.text)")
            #expect(try await client.send(.get, "/endpoints/summaries/deployments/green/flow").status == .notFound)
        }
        try await fixture.withReconciler {
            try await fixture.test { client in
                // The deployment may fail later (no open_ai_connection); its flow is registered before that.
                var described: TestResponse?
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    let answer = try await client.send(.get, "/endpoints/summaries/deployments/blue/flow")
                    if answer.status == .ok {
                        described = answer
                        break
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let flow = try #require(described).json
                let shown = try await client.send(.get, "/endpoints/summaries/deployments/blue")
                #expect(flow["snapshot_id"] == shown.json["snapshot_id"])
                #expect(flow["variant"] == "${summarize.variant_1}")
                #expect(flow["name"] == "variants")
                #expect(node(flow, "summarize")["default_variant"] == "variant_1")
                #expect(node(flow, "summarize")["source"]["path"] == "summarize_bullets.jinja2")
                #expect(node(flow, "summarize")["inputs"]["temperature"] == 0.8)
            }
        }
    }
}
