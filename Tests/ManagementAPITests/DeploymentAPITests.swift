import FlowSpec
import Foundation
import HummingbirdTesting
import Platform
import Testing

/// Deployments through the API: the flow must be a folder on the server (or a known snapshot), a bundled example
/// is provisioned to `Succeeded` by the reconciler, and a deployment with traffic cannot be deleted.
@Suite struct DeploymentAPITests {
    @Test func aModelThatIsNotAFolderOnTheServerIsRejected() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "flows"])
            let missing = try await client.send(
                .post, "/endpoints/flows/deployments", json: ["name": "blue", "model": "/no/such/flow/folder"])
            #expect(missing.status == .badRequest)
            #expect(missing.errorDetails["model"]?.contains("/no/such/flow/folder") == true, "\(missing.text)")
            let relative = try await client.send(
                .post, "/endpoints/flows/deployments", json: ["name": "blue", "model": "examples/flows/python-only"])
            #expect(relative.errorDetails["model"] != nil, "\(relative.text)")
            let snapshot = try await client.send(
                .post, "/endpoints/flows/deployments",
                json: ["name": "blue", "snapshot_id": .string(String(repeating: "ab", count: 32))])
            #expect(snapshot.status == .badRequest)
            #expect(snapshot.errorDetails["snapshot_id"] != nil, "\(snapshot.text)")
            let invalid = try await client.send(
                .post, "/endpoints/flows/deployments",
                json: [
                    "name": "x", "model": .string(APIFixture.example("python-only").path), "instance_count": 0,
                    "request_settings": ["request_timeout_ms": 0],
                ])
            #expect(invalid.status == .badRequest)
            #expect(invalid.errorDetails["name"] != nil, "\(invalid.text)")
            #expect(invalid.errorDetails["instance_count"] != nil, "\(invalid.text)")
            #expect(invalid.errorDetails["request_settings.request_timeout_ms"] != nil, "\(invalid.text)")
            let noFlow = try await client.send(.post, "/endpoints/flows/deployments", json: ["name": "blue"])
            #expect(noFlow.errorDetails["model"] != nil, "\(noFlow.text)")
            let noName = try await client.send(
                .post, "/endpoints/flows/deployments", json: ["model": .string(APIFixture.example("python-only").path)])
            #expect(noName.errorDetails["name"] != nil, "\(noName.text)")
            let noEndpoint = try await client.send(
                .post, "/endpoints/nowhere/deployments",
                json: ["name": "blue", "model": .string(APIFixture.example("python-only").path)])
            #expect(noEndpoint.status == .notFound)
        }
    }

    @Test func anExampleFlowIsDeployedUntilSucceeded() async throws {
        let fixture = try APIFixture()
        try await fixture.withReconciler {
            try await fixture.test { client in
                try await client.send(.post, "/endpoints", json: ["name": "python-only"])
                let created = try await client.send(
                    .post, "/endpoints/python-only/deployments",
                    json: [
                        "name": "blue", "model": .string(APIFixture.example("python-only").path),
                        "instance_type": "Standard_DS3_v2", "request_settings": ["request_timeout_ms": 9000],
                    ])
                #expect(created.status == .accepted, "\(created.text)")
                #expect(created.json["provisioning_state"] == "Creating")
                #expect(created.json["request_settings"]["request_timeout_ms"] == 9000)
                #expect(created.json["request_settings"]["max_queue_wait_ms"] == 500)
                #expect(created.json["endpoint_name"] == "python-only")
                #expect(created.json["ignored_keys"] == ["instance_type"])

                let list = try await client.send(.get, "/endpoints/python-only/deployments")
                #expect(list.json["value"].listValue?.map { $0["name"] } == ["blue"])

                let shown: FlowValue? = try await client.provisioned(
                    "/endpoints/python-only/deployments/blue", within: .seconds(60))
                #expect(shown?["provisioning_state"] == "Succeeded", "\(shown ?? .null)")
                #expect(shown?["snapshot_id"].stringValue?.count == 64)
                let operation = try await client.send(
                    .get, "/operations/\(shown?["latest_operation_id"].stringValue ?? "")")
                #expect(operation.json["status"] == "Succeeded", "\(operation.text)")
                let stages = operation.json["stages"].listValue?.compactMap { $0["name"].stringValue } ?? []
                #expect(stages.contains(OperationStage.ready), "\(stages)")
                let firstLive = try #require(
                    fixture.controlPlane.live.endpoint(named: "python-only")?.deployments["blue"])

                // An update: a PATCH names only what changes; settings records merge.
                let updated = try await client.send(
                    .patch, "/endpoints/python-only/deployments/blue",
                    json: ["instance_count": 2, "request_settings": ["max_queue_wait_ms": 900], "tags": ["v": "2"]])
                #expect(updated.status == .accepted, "\(updated.text)")
                #expect(updated.json["provisioning_state"] == "Updating")
                #expect(updated.json["request_settings"]["request_timeout_ms"] == 9000)
                #expect(updated.json["request_settings"]["max_queue_wait_ms"] == 900)
                #expect(updated.json["snapshot_id"] == shown?["snapshot_id"])
                let settled = try await client.provisioned(
                    "/endpoints/python-only/deployments/blue", within: .seconds(60))
                #expect(settled["provisioning_state"] == "Succeeded", "\(settled)")
                #expect(settled["instance_count"] == 2)
                let secondLive = try #require(
                    fixture.controlPlane.live.endpoint(named: "python-only")?.deployments["blue"])
                #expect(secondLive !== firstLive)
                #expect(secondLive.instances.count == 2)

                // Traffic and keys reach the live table before the API answers.
                let traffic = try await client.send(.patch, "/endpoints/python-only", json: ["traffic": ["blue": 100]])
                #expect(traffic.status == .ok, "\(traffic.text)")
                #expect(fixture.controlPlane.live.endpoint(named: "python-only")?.traffic == ["blue": 100])
                let key = "a-fresh-primary-key-0123456789"
                let old = try await client.send(.post, "/endpoints/python-only/get-credentials").json["primaryKey"]
                try await client.send(
                    .post, "/endpoints/python-only/regenerate-keys",
                    json: ["key_type": "primary", "key_value": .string(key)])
                let keys = try #require(fixture.controlPlane.live.endpoint(named: "python-only")?.keys)
                #expect(keys.accepts(key))
                #expect(!keys.accepts(old.stringValue ?? ""))

                let deleted = try await client.send(.delete, "/endpoints/python-only")
                #expect(deleted.status == .accepted)
                var status = deleted.status
                let gone = ContinuousClock.now + .seconds(60)
                while status != .notFound, ContinuousClock.now < gone {
                    try await Task.sleep(for: .milliseconds(250))
                    status = try await client.send(.get, "/endpoints/python-only").status
                }
                #expect(status == .notFound)
                #expect(fixture.controlPlane.live.endpoint(named: "python-only") == nil)
            }
        }
    }

    @Test func aFlowWhoseConnectionIsMissingFailsWithTheReason() async throws {
        let fixture = try APIFixture()
        let flow = try fixture.chatBasicWithNothingToInstall()
        try await fixture.withReconciler {
            try await fixture.test { client in
                try await client.send(.post, "/endpoints", json: ["name": "chat"])
                let failed = try await client.deployBlue(flow, on: "chat", within: .seconds(60))
                #expect(failed["provisioning_state"] == "Failed", "\(failed)")
                #expect(failed["failure"]["code"] == "ConnectionNotFound", "\(failed)")
                #expect(failed["failure"]["message"].stringValue?.contains("open_ai_connection") == true)
                let operation = try await client.send(
                    .get, "/operations/\(failed["latest_operation_id"].stringValue ?? "")")
                #expect(operation.json["status"] == "Failed")
                #expect(operation.json["error"]["code"] == "ConnectionNotFound")
                let stages = operation.json["stages"].listValue ?? []
                #expect(stages.contains { $0["status"] == "Failed" }, "\(operation.text)")
                #expect(fixture.controlPlane.live.endpoint(named: "chat")?.deployments["blue"] == nil)
            }
        }
    }

    @Test func trafficMustSumTo100AndADeploymentWithTrafficCannotBeDeleted() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            try await client.send(.post, "/endpoints", json: ["name": "split"])
            let model = FlowValue.string(APIFixture.example("python-only").path)
            for name in ["blue", "green"] {
                let created = try await client.send(
                    .post, "/endpoints/split/deployments", json: ["name": .string(name), "model": model])
                #expect(created.status == .accepted, "\(created.text)")
            }
            let duplicate = try await client.send(
                .post, "/endpoints/split/deployments", json: ["name": "blue", "model": model])
            #expect(duplicate.status == .conflict)

            let half = try await client.send(.patch, "/endpoints/split", json: ["traffic": ["blue": 50]])
            #expect(half.status == .badRequest)
            #expect(half.errorDetails["traffic"]?.contains("50") == true, "\(half.text)")
            let unknown = try await client.send(.patch, "/endpoints/split", json: ["traffic": ["purple": 100]])
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorDetails["traffic.purple"] != nil, "\(unknown.text)")

            let split = try await client.send(.patch, "/endpoints/split", json: ["traffic": ["blue": 100]])
            #expect(split.status == .ok, "\(split.text)")
            #expect(split.json["traffic"] == ["blue": 100])

            let creating = try await client.send(
                .patch, "/endpoints/split/deployments/blue", json: ["instance_count": 2])
            #expect(creating.status == .conflict, "still Creating: \(creating.text)")

            let refused = try await client.send(.delete, "/endpoints/split/deployments/blue")
            #expect(refused.status == .conflict)
            #expect(refused.errorDetails["traffic.blue"] != nil, "\(refused.text)")
            let allowed = try await client.send(.delete, "/endpoints/split/deployments/green")
            #expect(allowed.status == .accepted)
            #expect(allowed.json["provisioning_state"] == "Deleting")
            #expect(try await client.send(.delete, "/endpoints/split/deployments/none").status == .notFound)

            let logs = try await client.send(.get, "/endpoints/split/deployments/blue/logs?lines=10")
            #expect(logs.status == .ok)
            #expect(logs.headers[.contentType] == "text/plain; charset=utf-8")
            let badLines = try await client.send(.get, "/endpoints/split/deployments/blue/logs?lines=zero")
            #expect(badLines.errorDetails["lines"] != nil)
        }
    }
}
