import FlowServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// The gateway in front of real flow servers (bundled examples, real python workers): answers pass through
/// byte for byte (SSE included), a failed flow is 424 with Azure's model-error headers, 408 stays 408.
@Suite struct GatewayFlowTests {
    static let statusCodeHeader = HTTPField.Name("ms-azureml-model-error-statuscode")!
    static let reasonHeader = HTTPField.Name("ms-azureml-model-error-reason")!

    @Test func pythonFlowAnswersAsFlowServeDoes() async throws {
        let instance = try await FlowServerTestInstance(id: "blue-0", example: "python-only")
        defer { instance.close() }
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        let body = #"{"text": "b a b", "top_n": 1}"#
        let direct = try await instance.scoreDirectly(body)
        #expect(direct.0 == .ok)
        try await fixture.test { client async throws in
            let response = try await client.score(body)
            #expect(response.status == .ok)
            #expect(response.text == direct.1)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.deployment == "blue")
            let swagger = try await client.execute(
                uri: "/endpoints/support-bot/swagger.json", method: .get,
                headers: [.authorization: "Bearer \(GatewayFixture.keys.primary)"])
            #expect(swagger.status == .ok)
            #expect(swagger.body == instance.server.swaggerBody)
        }
    }

    @Test func eventStreamPassesThroughUnchanged() async throws {
        let instance = try await FlowServerTestInstance(id: "blue-0", example: "flex-stream")
        defer { instance.close() }
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        let body = #"{"topic": "gateways", "sentences": 3}"#
        let direct = try await instance.scoreDirectly(body, accept: "text/event-stream")
        #expect(direct.0 == .ok)
        #expect(direct.1.hasPrefix("data: "))
        #expect(direct.1.contains("Sentence 3 about gateways"))
        try await fixture.test { client async throws in
            let response = try await client.score(body, accept: "text/event-stream")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            #expect(response.text == direct.1)
        }
    }

    @Test func aFailedFlowIs424WithTheInstancesStatusReasonAndBody() async throws {
        let instance = try await FlowServerTestInstance(id: "blue-0", example: "flex-stream")
        defer { instance.close() }
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        let body = #"{"sentences": 2}"#
        let direct = try await instance.scoreDirectly(body)
        #expect(direct.0 == .badRequest)
        try await fixture.test { client async throws in
            let response = try await client.score(body)
            #expect(response.status.code == 424)
            #expect(response.headers[Self.statusCodeHeader] == "400")
            #expect(
                response.headers[Self.reasonHeader]
                    == "Required input fields ['topic'] are missing in request data {'sentences': 2}")
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.text == direct.1)
            #expect(response.deployment == "blue")
        }
    }

    /// The instance's line timeout (the reconciler sets it from `request_timeout_ms`) cancels the run: 408.
    @Test func aRunPastTheRequestTimeoutIs408() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "entry: slow:answer\n".write(
            to: folder.appendingPathComponent("flow.flex.yaml"), atomically: true, encoding: .utf8)
        try "import time\n\ndef answer(question: str):\n    time.sleep(60)\n    return question\n".write(
            to: folder.appendingPathComponent("slow.py"), atomically: true, encoding: .utf8)
        let instance = try await FlowServerTestInstance(
            id: "blue-0", flowPath: folder.path, limits: FlowServerLimits(lineTimeoutSeconds: 0.5))
        defer { instance.close() }
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            let response = try await client.score(#"{"question": "are you there?"}"#)
            #expect(response.status == .requestTimeout)
            #expect(response.headers[Self.statusCodeHeader] == nil)
            #expect(response.text.contains("Line execution timeout for exceeding 0.5 seconds; the run was cancelled."))
            #expect(response.deployment == "blue")
        }
    }

    @Test func instanceTimeoutStays408() async throws {
        let body =
            #"{"error":{"code":"UserError","message":"Line execution timeout for exceeding 5 seconds; the run was cancelled."}}"#
        let instance = FixedAnswerTestInstance(id: "blue-0", status: .requestTimeout, body: body)
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            let response = try await client.score()
            #expect(response.status == .requestTimeout)
            #expect(response.text == body)
            #expect(response.headers[Self.statusCodeHeader] == nil)
            #expect(response.deployment == "blue")
        }
    }

    @Test func reasonHeaderIsASCIIAndAtMost256Characters() async throws {
        let message = "Tool failed: caf\u{e9}\nline two " + String(repeating: "x", count: 400)
        let body =
            #"{"error":{"code":"SystemError","message":"\#(message.replacingOccurrences(of: "\n", with: "\\n"))"}}"#
        let instance = FixedAnswerTestInstance(id: "blue-0", status: .internalServerError, body: body)
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            let response = try await client.score()
            #expect(response.status.code == 424)
            #expect(response.headers[Self.statusCodeHeader] == "500")
            let reason = try #require(response.headers[Self.reasonHeader])
            #expect(reason.hasPrefix("Tool failed: caf? line two xxx"))
            #expect(reason.count == 256)
            #expect(reason.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
            #expect(response.text == body)
        }
    }

    @Test func aNonJSONErrorBodyIsWrappedInPromptflowsShape() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0", status: .badGateway, body: "upstream said \"no\"")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            let response = try await client.score()
            #expect(response.status.code == 424)
            #expect(response.headers[Self.statusCodeHeader] == "502")
            #expect(response.headers[Self.reasonHeader] == #"upstream said "no""#)
            #expect(response.text == #"{"error":{"code":"SystemError","message":"upstream said \"no\""}}"# + "\n")
        }
    }

    @Test func errorMessagesEscapeWhatTheCallerSent() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        try await fixture.test { client async throws in
            let response = try await client.score(deployment: #"gr\#u{fc}n"x"#)
            #expect(response.status == .notFound)
            #expect(
                response.text
                    == #"{"error":{"code":"UserError","message":"Deployment 'gr\u00fcn\"x' of endpoint 'support-bot' "#
                    + #"does not exist or is not ready."}}"# + "\n")
        }
    }

    @Test func requestIDIsEchoedAndBecomesTheRunID() async throws {
        let instance = FixedAnswerTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [instance])])
        let requestID = HTTPField.Name("x-request-id")!
        let clientRequestID = HTTPField.Name("x-ms-client-request-id")!
        try await fixture.test { client async throws in
            let given = try await client.score(headers: [requestID: "run-given-1"])
            #expect(given.headers[requestID] == "run-given-1")
            let fromClient = try await client.score(headers: [clientRequestID: "client-run-2"])
            #expect(fromClient.headers[clientRequestID] == "client-run-2")
            let generated = try await client.score()
            let id = try #require(generated.headers[requestID])
            #expect(id.count == 36)
            // A version 4 UUID as `UUID().uuidString` writes it: upper-case hex, 8-4-4-4-12, variant 10xx.
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString == id)
            #expect(uuid.uuid.6 >> 4 == 4)
            #expect(uuid.uuid.8 >> 6 == 0b10)
            let another = try #require(try await client.score().headers[requestID])
            #expect(another != id)
            let refused = try await client.score(key: nil, headers: [requestID: "run-refused"])
            #expect(refused.headers[requestID] == "run-refused")
            #expect(instance.received.map(\.requestID) == ["run-given-1", "client-run-2", id, another])
        }
    }
}
