import FlowEngine
import Foundation
import Testing

@testable import Platform

@Suite struct ConnectionDocumentTests {
    @Test func azureOpenAIYAMLWithEnvironmentReference() throws {
        let yaml = """
            $schema: https://azuremlschemas.azureedge.net/promptflow/latest/AzureOpenAIConnection.schema.json
            name: aoai
            type: azure_open_ai
            api_key: "${env:AOAI_KEY}"
            api_base: "https://example.openai.azure.com/"
            api_type: azure
            api_version: 2024-06-01
            """
        let document = try ConnectionDocument.parse(yaml: yaml, environment: ["AOAI_KEY": "k-123"])
        let connection = document.connection
        #expect(connection.name == "aoai" && connection.type == "azure_open_ai")
        #expect(connection.secrets == ["api_key": "k-123"])
        #expect(connection.configs["api_base"] == "https://example.openai.azure.com/")
        #expect(connection.configs["api_version"] == "2024-06-01")
        #expect(connection.configs["auth_mode"] == "key")
        #expect(document.ignoredFields.isEmpty)
    }

    @Test func unsetEnvironmentVariableIsAClearError() throws {
        let yaml = "name: oai\ntype: open_ai\napi_key: ${env:MISSING_KEY}\n"
        #expect(throws: ConnectionError.environmentVariableNotSet("MISSING_KEY", connection: "oai", key: "api_key")) {
            try ConnectionDocument.parse(yaml: yaml, environment: [:])
        }
    }

    @Test func customYAMLKeepsConfigsAndSecretsApart() throws {
        let yaml = """
            name: my_custom
            type: custom
            configs:
              endpoint: https://svc.example
              retries: 3
            secrets:
              token: abc
            """
        let connection = try ConnectionDocument.parse(yaml: yaml, environment: [:]).connection
        #expect(connection.configs == ["endpoint": "https://svc.example", "retries": "3"])
        #expect(connection.configs.keys == ["endpoint", "retries"])
        #expect(connection.secrets == ["token": "abc"])
    }

    @Test func settingsNameAndTypeErrors() throws {
        let custom = try ConnectionDocument.make(
            name: "c", type: "custom", settings: ["configs.a=1", "secrets.b=x=y"], environment: [:]
        ).connection
        #expect(custom.configs == ["a": "1"] && custom.secrets == ["b": "x=y"])
        #expect(throws: ConnectionError.self) {
            try ConnectionDocument.make(name: "c", type: "custom", settings: ["a=1"], environment: [:])
        }
        let strong = try ConnectionDocument.make(
            name: "s", type: "serverless", settings: ["api_key=k", "api_base=https://b"], environment: [:]
        ).connection
        #expect(strong.secrets == ["api_key": "k"] && strong.configs == ["api_base": "https://b"])
        #expect(throws: ConnectionError.missingField("api_base", connection: "s", type: "serverless")) {
            try ConnectionDocument.make(name: "s", type: "serverless", settings: ["api_key=k"], environment: [:])
        }
        let unknown = #expect(throws: ConnectionError.self) {
            try ConnectionDocument.make(name: "u", type: "made_up", settings: [], environment: [:])
        }
        #expect(unknown?.description.contains("azure_open_ai, open_ai, serverless, custom") == true)
        let field = #expect(throws: ConnectionError.self) {
            try ConnectionDocument.make(name: "s", type: "open_ai", settings: ["api_kye=k"], environment: [:])
        }
        #expect(field?.description.contains("api_key, organization, base_url") == true)
    }

    @Test func unknownTopLevelFieldsAreIgnoredAndReported() throws {
        let yaml = "name: o\ntype: open_ai\napi_key: k\nfavourite_colour: blue\n"
        let document = try ConnectionDocument.parse(yaml: yaml, environment: [:])
        #expect(document.ignoredFields == ["favourite_colour"])
        #expect(document.connection["favourite_colour"] == nil)
    }

    @Test func exampleConnectionFilesFromPromptflowParse() throws {
        // promptflow's examples/connections/azure_openai.yml and custom.yml, verbatim in shape.
        let aoai = """
            $schema: https://azuremlschemas.azureedge.net/promptflow/latest/AzureOpenAIConnection.schema.json
            name: open_ai_connection
            type: azure_open_ai
            api_key: "<user-input>"
            api_base: "aoai-api-endpoint"
            api_type: "azure"
            """
        #expect(
            try ConnectionDocument.parse(yaml: aoai, environment: [:]).connection.configs["api_version"] == "2024-02-01"
        )
        let custom = """
            $schema: https://azuremlschemas.azureedge.net/promptflow/latest/CustomConnection.schema.json
            name: custom_connection
            type: custom
            configs:
              key1: "test1"
            secrets:  # required
              api-key: "<to-be-replaced>"
            """
        #expect(try ConnectionDocument.parse(yaml: custom, environment: [:]).connection.secrets.keys == ["api-key"])
    }
}
