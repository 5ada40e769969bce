import FlowEngine
import Foundation
import Testing

@testable import Platform

/// Provisioning failures end the deployment and its operation `Failed` with Azure's code and a message naming
/// the cause; nothing reaches the live table.
@Suite(.serialized) struct ReconcilerFailureTests {
    static let llmFlow = [
        "flow.dag.yaml": """
        inputs:
          question: {type: string, default: hi}
        outputs:
          answer: {type: string, reference: "${chat.output}"}
        nodes:
        - name: chat
          type: llm
          source: {type: code, path: chat.jinja2}
          inputs: {deployment_name: gpt-4o-mini, model: gpt-4o-mini, question: "${inputs.question}"}
          connection: team_llm
          api: chat
        """,
        "chat.jinja2": "user:\n{{question}}\n",
    ]

    @Test func flowThatDoesNotValidateIsBadArgumentWithTheFile() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let folder = try fixture.flowFolder(
            "broken", ["flow.dag.yaml": "inputs:\n  text: {type: string}\noutputs:\n  out: {reference: ${nowhere.output}}\nnodes: []\n"])
        try await fixture.createEndpoint("broken-endpoint")
        let operation = try await fixture.createDeployment(
            Deployment(endpointName: "broken-endpoint", name: "blue", flowPath: folder.path))
        let deployment = try await fixture.settled("blue", endpoint: "broken-endpoint")
        #expect(deployment.provisioningState == .failed)
        #expect(deployment.failure?.code == "BadArgument")
        #expect(deployment.failure?.message.contains("flow.dag.yaml:") == true, "\(deployment.failure?.message ?? "")")
        let stored = try await fixture.store.operation(id: operation.id)
        #expect(stored.status == .failed)
        #expect(stored.error == deployment.failure)
        #expect(stored.stages.last?.name == OperationStage.flowRegistered)
        #expect(stored.stages.last?.status == .failed)
        #expect(fixture.liveDeployment("blue", endpoint: "broken-endpoint") == nil)
        #expect(fixture.reconciler.instancesStarted == 0)
        await fixture.stop()
    }

    @Test func missingFolderIsBadArgumentNamingIt() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        try await fixture.createEndpoint("gone-endpoint")
        try await fixture.createDeployment(
            Deployment(endpointName: "gone-endpoint", name: "blue", flowPath: "/nonexistent/flowgate-flow"))
        let deployment = try await fixture.settled("blue", endpoint: "gone-endpoint")
        #expect(deployment.failure?.code == "BadArgument")
        #expect(deployment.failure?.message.contains("/nonexistent/flowgate-flow") == true)
        await fixture.stop()
    }

    @Test func missingConnectionIsConnectionNotFoundNamingIt() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        let folder = try fixture.flowFolder("llm", Self.llmFlow)
        try await fixture.createEndpoint("llm-endpoint")
        let operation = try await fixture.createDeployment(
            Deployment(endpointName: "llm-endpoint", name: "blue", flowPath: folder.path))
        let deployment = try await fixture.settled("blue", endpoint: "llm-endpoint")
        #expect(deployment.provisioningState == .failed)
        #expect(deployment.failure?.code == "ConnectionNotFound")
        #expect(deployment.failure?.message.contains("'team_llm'") == true, "\(deployment.failure?.message ?? "")")
        let stored = try await fixture.store.operation(id: operation.id)
        #expect(stored.stages.last?.name == OperationStage.checkAccess)
        #expect(stored.stages.last?.status == .failed)

        // An override naming another missing connection is reported by that name.
        try await fixture.updateDeployment("blue", endpoint: "llm-endpoint") {
            $0.connectionOverrides = ["team_llm": "other_llm"]
        }
        let updated = try await fixture.settled("blue", endpoint: "llm-endpoint")
        #expect(updated.failure?.code == "ConnectionNotFound")
        #expect(updated.failure?.message.contains("'other_llm'") == true)
        await fixture.stop()
    }

    @Test func brokenRequirementsAreEnvironmentBuildFailureWithPipsMessage() async throws {
        let fixture = try RuntimeFixture()
        fixture.start()
        var files = [
            "flow.dag.yaml": """
            inputs:
              text: {type: string, default: x}
            outputs:
              out: {type: string, reference: "${echo.output}"}
            nodes:
            - name: echo
              type: python
              source: {type: code, path: echo.py}
              inputs: {text: "${inputs.text}"}
            """,
            "echo.py": "from promptflow.core import tool\n\n@tool\ndef echo(text: str) -> str:\n    return text\n",
        ]
        // A requirement pip rejects without touching the network.
        files["requirements.txt"] = "flowgate-not-a-package ===== 1 !!\n"
        let folder = try fixture.flowFolder("pip-broken", files)
        try await fixture.createEndpoint("pip-endpoint")
        let operation = try await fixture.createDeployment(
            Deployment(endpointName: "pip-endpoint", name: "blue", flowPath: folder.path))
        let deployment = try await fixture.settled("blue", endpoint: "pip-endpoint", limit: .seconds(180))
        #expect(deployment.provisioningState == .failed)
        #expect(deployment.failure?.code == "EnvironmentBuildFailure")
        let message = deployment.failure?.message ?? ""
        #expect(message.contains("requirements.txt"))
        #expect(message.contains("flowgate-not-a-package"), "pip's own words name the requirement: \(message)")
        let stored = try await fixture.store.operation(id: operation.id)
        #expect(stored.stages.last?.name == OperationStage.environmentBuilt)
        #expect(stored.stages.last?.status == .failed)
        let logs = await fixture.reconciler.logs(endpoint: "pip-endpoint", deployment: "blue", lines: 200) ?? []
        #expect(logs.contains { $0.contains("[environment]") })
        await fixture.stop()
    }

    @Test func connectionOverrideMapsToAStoredConnection() async throws {
        let fixture = try RuntimeFixture()
        try await fixture.plane.connections.create(
            Connection(
                name: "shared_llm", type: "open_ai", configs: ["base_url": "http://127.0.0.1:9/v1"],
                secrets: ["api_key": "sk-flowgate-test-secret"]))
        fixture.start()
        let folder = try fixture.flowFolder("llm-mapped", Self.llmFlow)
        try await fixture.createEndpoint("mapped-endpoint")
        try await fixture.createDeployment(
            Deployment(
                endpointName: "mapped-endpoint", name: "blue", flowPath: folder.path,
                connectionOverrides: ["chat": "shared_llm"]))
        let deployment = try await fixture.settled("blue", endpoint: "mapped-endpoint")
        #expect(deployment.provisioningState == .succeeded, "\(deployment.failure?.description ?? "")")
        let logs = await fixture.reconciler.logs(endpoint: "mapped-endpoint", deployment: "blue", lines: 500) ?? []
        #expect(!logs.joined().contains("sk-flowgate-test-secret"))
        await fixture.stop()
    }
}
