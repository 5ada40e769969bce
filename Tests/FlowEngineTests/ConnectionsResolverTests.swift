import FlowSpec
import Foundation
import Testing

@testable import FlowEngine

/// A provider over a fixed set of connections, standing in for the local store.
private struct FixedConnections: ConnectionProvider {
    var connections: [String: Connection]
    func connection(named name: String) async throws -> Connection? { connections[name] }
}

private let aoai = Connection(
    name: "my aoai", type: "azure_open_ai", configs: ["api_base": "https://stored.example"],
    secrets: ["api_key": "stored-key"])
private let local = Connection(
    name: "local", type: "open_ai", configs: ["base_url": "http://127.0.0.1:9/v1"], secrets: ["api_key": "local-key"])
private let custom = Connection(
    name: "custom_conn", type: "custom", configs: ["endpoint": "${env:CUSTOM_ENDPOINT}"],
    secrets: ["token": "${env:CUSTOM_TOKEN}"])

private func resolver(_ environment: [String: String] = [:]) -> ConnectionResolver {
    ConnectionResolver(
        providers: [FixedConnections(connections: ["my aoai": aoai, "local": local, "custom_conn": custom])],
        environment: environment)
}

@Suite struct ConnectionsResolverTests {
    @Test func providerConnectionComesBackValidatedWithDefaults() async throws {
        let connection = try await resolver().resolve("my aoai")
        #expect(connection.configs["api_base"] == "https://stored.example")
        #expect(connection.configs["api_version"] == "2024-02-01")
        #expect(connection.configs["api_type"] == "azure")
        #expect(connection.secrets["api_key"] == "stored-key")
    }

    @Test func missingConnectionIsAnErrorNamingIt() async throws {
        await #expect(throws: ConnectionError.notFound(name: "nope")) { try await resolver().resolve("nope") }
        #expect(ConnectionError.notFound(name: "nope").description == "Connection 'nope' not found.")
        #expect(try await resolver().connection(named: "nope") == nil)
    }

    @Test func connectionKeyVariablesOverrideSingleValues() async throws {
        // Name upper-cased, spaces as `_`: "my aoai" + "api_key" → MY_AOAI_API_KEY.
        let connection = try await resolver([
            "MY_AOAI_API_KEY": "env-key", "MY_AOAI_API_BASE": "https://env.example",
            "MY_AOAI_NOT_A_FIELD": "ignored", "my_aoai_api_version": "lower-case is not the rule",
        ]).resolve("my aoai")
        #expect(connection.secrets["api_key"] == "env-key")
        #expect(connection.configs["api_base"] == "https://env.example")
        #expect(connection.configs["api_version"] == "2024-02-01")
        #expect(connection["NOT_A_FIELD"] == nil && connection["not_a_field"] == nil)
    }

    @Test func environmentReferencesResolveAndAnUnsetOneIsAClearError() async throws {
        let connection = try await resolver(["CUSTOM_ENDPOINT": "https://custom.example", "CUSTOM_TOKEN": "tok-123"])
            .resolve("custom_conn")
        #expect(connection.configs["endpoint"] == "https://custom.example")
        #expect(connection.secrets["token"] == "tok-123")

        let error = await #expect(throws: ConnectionError.self) {
            try await resolver(["CUSTOM_ENDPOINT": "https://custom.example"]).resolve("custom_conn")
        }
        #expect(error == .environmentVariableNotSet("CUSTOM_TOKEN", connection: "custom_conn", key: "token"))
        #expect(error?.description.contains("CUSTOM_TOKEN") == true)
    }

    @Test func overrideVariableCanItselfBeAnEnvironmentReference() async throws {
        let connection = try await resolver(["LOCAL_API_KEY": "${env:REAL_KEY}", "REAL_KEY": "real"]).resolve("local")
        #expect(connection.secrets["api_key"] == "real")
    }

    @Test func variableNamedLikeTheConnectionWithJSONReplacesIt() async throws {
        let json =
            #"{"type": "AzureOpenAIConnection", "value": {"api_base": "https://json.example", "api_key": "json-key"}}"#
        let connection = try await resolver(["my_aoai": json]).resolve("my aoai")
        #expect(connection.name == "my aoai")
        #expect(connection.configs["api_base"] == "https://json.example")
        #expect(connection.secrets["api_key"] == "json-key")

        let flat = #"{"type": "open_ai", "api_key": "flat-key", "base_url": "http://flat"}"#
        let replaced = try await resolver(["local": flat]).resolve("local")
        #expect(replaced.secrets["api_key"] == "flat-key" && replaced.configs["base_url"] == "http://flat")
    }

    @Test func azureMLWorkspaceConnectionJSONIsUnderstood() async throws {
        let json = """
            {"properties": {"category": "AzureOpenAI", "authType": "ApiKey", "target": "https://ws.example",
             "credentials": {"key": "ws-key"}, "metadata": {"ApiType": "azure", "ApiVersion": "2024-06-01"}}}
            """
        let connection = try await resolver(["local": json]).resolve("local")
        #expect(connection.type == "azure_open_ai")
        #expect(connection.configs["api_base"] == "https://ws.example")
        #expect(connection.configs["api_version"] == "2024-06-01")
        #expect(connection.secrets["api_key"] == "ws-key")

        let custom =
            #"{"properties": {"category": "CustomKeys", "credentials": {"keys": {"k": "v"}}, "metadata": {"m": "1"}}}"#
        let resolved = try await resolver(["local": custom]).resolve("local")
        #expect(resolved.type == "custom" && resolved.secrets["k"] == "v" && resolved.configs["m"] == "1")
    }

    @Test func variableNamedLikeTheConnectionWithAPlainStringNamesAnotherConnection() async throws {
        let connection = try await resolver(["my_aoai": "local", "MY_AOAI_BASE_URL": "http://renamed"]).resolve(
            "my aoai")
        #expect(connection.name == "my aoai")
        #expect(connection.type == "open_ai")
        #expect(connection.secrets["api_key"] == "local-key")
        // Key overrides use the name the flow wrote, as promptflow's executor does.
        #expect(connection.configs["base_url"] == "http://renamed")

        // An empty variable is no override.
        #expect(try await resolver(["local": ""]).resolve("local").secrets["api_key"] == "local-key")

        await #expect(throws: ConnectionError.notFound(name: "elsewhere")) {
            try await resolver(["local": "elsewhere"]).resolve("local")
        }
    }

    @Test func variableNamedLikeTheConnectionWithOtherJSONIsAnError() async throws {
        let error = await #expect(throws: ConnectionError.self) {
            try await resolver(["local": "[1, 2]"]).resolve("local")
        }
        #expect(error?.description.contains("local") == true)
        await #expect(throws: ConnectionError.unknownType("nonsense", connection: "local")) {
            try await resolver(["local": #"{"type": "nonsense"}"#]).resolve("local")
        }
    }

    @Test func promptflowConnectionsFileIsReadAndWinsOverProviders() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pfconn-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        {
          "local": {"type": "OpenAIConnection", "module": "promptflow.connections",
                    "value": {"api_key": "file-key", "base_url": "http://file"}},
          "file_custom": {"type": "CustomConnection", "value": {"a": "1", "s": "secret-s"}, "secret_keys": ["s"]},
          "file_env": {"type": "SerpConnection", "value": {"api_key": "${env:SERP_KEY}"}}
        }
        """.write(to: file, atomically: true, encoding: .utf8)
        let environment = ["PROMPTFLOW_CONNECTIONS": file.path, "SERP_KEY": "serp-secret"]
        let resolved = try await resolver(environment).resolve(["local", "file_custom", "file_env", "my aoai"])
        #expect(resolved["local"]?.secrets["api_key"] == "file-key")
        #expect(resolved["file_custom"]?.configs == ["a": "1"])
        #expect(resolved["file_custom"]?.secrets == ["s": "secret-s"])
        #expect(resolved["file_env"]?.secrets["api_key"] == "serp-secret")
        #expect(resolved["my aoai"]?.secrets["api_key"] == "stored-key")

        try "not json".write(to: file, atomically: true, encoding: .utf8)
        await #expect(
            throws: ConnectionError.invalidConnectionsFile(path: file.path, reason: "the file is not valid JSON.")
        ) {
            try await resolver(environment).resolve("local")
        }
        await #expect(throws: ConnectionError.self) {
            try await resolver(["PROMPTFLOW_CONNECTIONS": file.path + ".missing"]).resolve("local")
        }
    }

    @Test func descriptionAndErrorsNeverContainSecrets() async throws {
        let connection = try await resolver(["LOCAL_API_KEY": "sk-very-secret"]).resolve("local")
        #expect(!connection.description.contains("sk-very-secret"))
        #expect(connection.description.contains(Connection.maskedValue))
        #expect(!"\(connection)".contains("sk-very-secret"))
        let missing = Connection(name: "x", type: "azure_open_ai", secrets: ["api_key": "sk-very-secret"])
        let error = #expect(throws: ConnectionError.self) { try missing.validated() }
        #expect(error == .missingField("api_base", connection: "x", type: "azure_open_ai"))
        #expect(error?.description.contains("sk-very-secret") == false)
    }

    @Test func typeSpellingsAndValidationRules() throws {
        #expect(ConnectionSchema.named("azure_open_ai")?.type == "azure_open_ai")
        #expect(ConnectionSchema.named("AzureOpenAI")?.type == "azure_open_ai")
        #expect(ConnectionSchema.named("AzureOpenAIConnection")?.pythonClassName == "AzureOpenAIConnection")
        #expect(ConnectionSchema.named("CustomConnection")?.isCustom == true)
        #expect(ConnectionSchema.named("unknown") == nil)

        let entra = try Connection(
            name: "e", type: "azure_open_ai", configs: ["api_base": "b", "auth_mode": "meid_token"]
        )
        .validated()
        #expect(entra.secrets.isEmpty)
        #expect(throws: ConnectionError.missingField("api_key", connection: "k", type: "azure_open_ai")) {
            try Connection(name: "k", type: "azure_open_ai", configs: ["api_base": "b"]).validated()
        }
        #expect(throws: ConnectionError.missingField("api_base", connection: "s", type: "serverless")) {
            try Connection(name: "s", type: "serverless", secrets: ["api_key": "k"]).validated()
        }
        // A secret field written among configs still ends up sealed as a secret.
        let moved = try Connection(name: "o", type: "open_ai", configs: ["api_key": "k"]).validated()
        #expect(moved.secrets["api_key"] == "k" && moved.configs["api_key"] == nil)
    }

    @Test func executionValueIsPromptflowsExecutorShape() throws {
        let value = local.executionValue
        #expect(value.objectValue?["type"] == "OpenAIConnection")
        #expect(value.objectValue?["module"] == "promptflow.connections")
        #expect(value.objectValue?["secret_keys"] == ["api_key"])
        #expect(value.objectValue?["value"]?.objectValue?["api_key"] == "local-key")
    }
}
