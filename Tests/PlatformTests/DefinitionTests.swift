import FlowSpec
import Foundation
import Testing

@testable import Platform

@Suite struct DefinitionTests {
    @Test func endpointYAMLInAzureKeys() throws {
        let yaml = """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
            name: my-endpoint
            description: chat endpoint
            auth_mode: key
            public_network_access: enabled
            identity:
              type: user_assigned
              user_assigned_identities:
                - resource_id: /subscriptions/x/identities/me
            traffic:
              blue: 90
              green: 10
            tags:
              team: search
              version: 2
            properties:
              enforce_access_to_default_secret_stores: enabled
              azureml.something: x
            """
        let definition = try EndpointDefinition.parse(yaml: yaml)
        let endpoint = definition.endpoint
        #expect(endpoint.name == "my-endpoint")
        #expect(endpoint.description == "chat endpoint")
        #expect(endpoint.authMode == .key)
        #expect(endpoint.identity.kind == .userAssigned)
        #expect(endpoint.identity.userAssignedIdentities == [.init(resourceID: "/subscriptions/x/identities/me")])
        #expect(endpoint.traffic == ["blue": 90, "green": 10])
        #expect(endpoint.tags == ["team": "search", "version": "2"])
        #expect(endpoint.enforceAccessToDefaultSecretStores)
        #expect(definition.ignored.map(\.key) == ["public_network_access", "properties.azureml.something"])
        #expect(definition.ignored.map(\.line) == [5, 18])
        #expect(definition.keys.contains("traffic") && !definition.keys.contains("mirror_traffic"))
    }

    @Test func tokenIsAnAliasOfAMLToken() throws {
        #expect(try EndpointDefinition.parse(yaml: "name: ep-1\nauth_mode: token\n").endpoint.authMode == .amlToken)
        #expect(try EndpointDefinition.parse(yaml: "name: ep-1\nauth_mode: aml_token\n").endpoint.authMode == .amlToken)
    }

    @Test func endpointErrorsCarryFileAndLine() {
        let yaml = """
            name: my-endpoint
            auth_mode: password
            traffic:
              blue: many
            trafic: {}
            """
        let error = #expect(throws: DefinitionError.self) { try EndpointDefinition.parse(yaml: yaml, file: "ep.yaml") }
        let lines = error?.diagnostics.map { "\($0.file):\($0.line ?? 0)" }
        #expect(lines == ["ep.yaml:2", "ep.yaml:4", "ep.yaml:5"])
        #expect(error?.diagnostics[0].message.contains("key or aml_token") == true)
        #expect(error?.diagnostics[1].message == "traffic.blue must be a whole number, not 'many'")
        #expect(error?.diagnostics[2].message.hasPrefix("'trafic' is not a key of an endpoint") == true)
    }

    @Test func ruleViolationsPointAtTheirField() {
        let yaml = """
            name: my-endpoint
            traffic:
              blue: 60
              green: 30
            mirror_traffic:
              red: 70
            """
        let error = #expect(throws: DefinitionError.self) { try EndpointDefinition.parse(yaml: yaml) }
        let rendered = error?.diagnostics.map(\.description) ?? []
        #expect(rendered.contains("endpoint.yaml:2:1: traffic: percentages sum to 90; they must sum to 0 or 100"))
        #expect(rendered.contains { $0.hasPrefix("endpoint.yaml:6:") && $0.contains("mirror_traffic.red: 70 %") })
        let badName = #expect(throws: DefinitionError.self) { try EndpointDefinition.parse(yaml: "name: x_y\n") }
        #expect(badName?.diagnostics.first?.line == 1)
        #expect(badName?.diagnostics.first?.message.hasPrefix("name: 'x_y'") == true)
    }

    @Test func deploymentYAMLInAzureKeys() throws {
        let yaml = """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
            name: blue
            endpoint_name: my-endpoint
            model: ../flows/chat
            environment:
              image: mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest
            instance_type: Standard_DS3_v2
            instance_count: 2
            app_insights_enabled: true
            environment_variables:
              PROMPTFLOW_RUN_MODE: serving
              WORKERS: 4
            request_settings:
              request_timeout_ms: 90000
            readiness_probe:
              period: 5
            outputs: [answer]
            connection_overrides:
              chat: my-openai
            """
        let base = URL(fileURLWithPath: "/srv/deploy")
        let definition = try DeploymentDefinition.parse(yaml: yaml, baseDirectory: base)
        let deployment = definition.deployment
        #expect(deployment.name == "blue")
        #expect(deployment.endpointName == "my-endpoint")
        #expect(deployment.flowPath == "/srv/flows/chat")
        #expect(deployment.instanceCount == 2)
        #expect(deployment.environmentVariables == ["PROMPTFLOW_RUN_MODE": "serving", "WORKERS": "4"])
        #expect(deployment.requestSettings == RequestSettings(requestTimeoutMS: 90_000))
        #expect(deployment.readinessProbe == ProbeSettings(period: 5))
        #expect(deployment.livenessProbe == ProbeSettings())
        #expect(deployment.outputs == ["answer"])
        #expect(deployment.connectionOverrides == ["chat": "my-openai"])
        #expect(definition.ignored.map(\.key) == ["environment.image", "instance_type", "app_insights_enabled"])
        #expect(definition.ignored.map(\.line) == [6, 7, 9])
        #expect(deployment.customRequirements == nil)
        #expect(definition.ignored[1].description.contains("instance_type (line 7): ignored"))
    }

    @Test func deploymentModelMappingAndFlagOverrides() throws {
        let yaml = "name: blue\nendpoint_name: ep-one\nmodel:\n  path: /abs/flow\n  name: chat-model\n"
        let definition = try DeploymentDefinition.parse(yaml: yaml, name: "green", endpointName: "ep-two")
        #expect(definition.deployment.flowPath == "/abs/flow")
        #expect(definition.deployment.name == "green")
        #expect(definition.deployment.endpointName == "ep-two")
        #expect(definition.ignored.map(\.key) == ["model.name"])
    }

    @Test func deploymentErrorsCarryLines() {
        let yaml = """
            name: blue
            endpoint_name: my-endpoint
            model: azureml:chat:1
            request_settings:
              request_timeout_ms: 400000
              max_concurrency: 3
            """
        let error = #expect(throws: DefinitionError.self) { try DeploymentDefinition.parse(yaml: yaml, file: "d.yaml") }
        #expect(error?.diagnostics.map(\.line) == [3, 6])
        #expect(error?.diagnostics[0].message.contains("registered Azure ML model") == true)
        #expect(error?.diagnostics[1].message.hasPrefix("'max_concurrency' is not a key of request_settings") == true)

        let bounds = #expect(throws: DefinitionError.self) {
            try DeploymentDefinition.parse(
                yaml: "name: blue\nendpoint_name: ep-1\nmodel: ./f\nrequest_settings:\n  request_timeout_ms: 400000\n",
                file: "d.yaml")
        }
        #expect(
            bounds?.diagnostics.map(\.description) == [
                "d.yaml:5:3: request_settings.request_timeout_ms: 400000 is out of range; flows allow 1 to 300000 ms"
            ])
        let missing = #expect(throws: DefinitionError.self) {
            try DeploymentDefinition.parse(yaml: "name: blue\n", file: "d.yaml")
        }
        #expect(
            missing?.diagnostics.map(\.message) == [
                "the deployment needs endpoint_name", "the deployment needs the flow folder (model: path/to/flow)",
            ])
    }

    @Test func yamlBoundsAndSyntaxErrorsAreReported() throws {
        let syntax = #expect(throws: DefinitionError.self) {
            try EndpointDefinition.parse(yaml: "name: ep-1\ntraffic: [1, 2\n", file: "e.yaml")
        }
        #expect(syntax?.diagnostics.first?.file == "e.yaml")
        #expect(syntax?.diagnostics.first?.line != nil)
        let notMapping = #expect(throws: DefinitionError.self) { try EndpointDefinition.parse(yaml: "- a\n- b\n") }
        #expect(notMapping?.diagnostics.first?.message.contains("mapping") == true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-def-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("deployment.yaml")
        try Data("name: blue\nendpoint_name: ep-1\nmodel: flow\n".utf8).write(to: file)
        let loaded = try DeploymentDefinition.load(path: file.path)
        #expect(loaded.deployment.flowPath == folder.appendingPathComponent("flow").standardizedFileURL.path)
    }
}
