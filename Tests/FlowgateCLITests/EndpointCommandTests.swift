import ArgumentParser
import FlowSpec
import Foundation
import Testing

@testable import FlowgateCLI

/// `flowgate endpoint …` arguments as `az ml online-endpoint` takes them, Azure YAML plus flags turned into the
/// API's request JSON, and the tables people read.
@Suite struct EndpointCommandTests {
    @Test func createFromAzureYAMLWithFlagsOverridingTheFile() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write(
            "endpoint.yml",
            """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
            name: from-file
            auth_mode: key
            description: the file's description
            tags:
              team: search
            location: westeurope
            traffic:
              blue: 100
            """)
        let command = try EndpointCreateCommand.parse([
            "-f", file.path, "-n", "support-bot", "--auth-mode", "aml_token", "--tags", "team=support", "tier=gold",
            "--no-wait", "-o", "json",
        ])
        #expect(command.noWait && command.output.json)
        let (body, ignored) = try command.request()
        #expect(body["name"] == "support-bot")
        #expect(body["auth_mode"] == "aml_token")
        #expect(body["description"] == "the file's description")
        #expect(body["tags"] == ["team": "support", "tier": "gold"])
        #expect(body["traffic"] == ["blue": 100])
        #expect(body["location"] == nil && body["$schema"] == nil)
        #expect(ignored.map(\.key) == ["location"])
        #expect(
            IgnoredKeys.line(ignored)
                == "Ignored (Azure-only): location (line 7): ignored, Flowgate runs where it is started")
    }

    @Test func createFromFlagsSendsOnlyWhatIsGivenAndSetPathsNest() throws {
        let command = try EndpointCreateCommand.parse([
            "--name", "bot", "--description", "d", "--set",
            "properties.enforce_access_to_default_secret_stores=enabled",
            "--set", "mirror_traffic={\"green\": 10}",
        ])
        let (body, ignored) = try command.request()
        #expect(body.keys == ["name", "description", "properties", "mirror_traffic"])
        #expect(body["properties"] == ["enforce_access_to_default_secret_stores": "enabled"])
        #expect(body["mirror_traffic"] == ["green": 10])
        #expect(ignored.isEmpty)
    }

    @Test func argumentErrorsNameTheFlag() {
        #expect(throws: (any Error).self) { try EndpointCreateCommand.parse([]) }
        #expect(throws: (any Error).self) { try EndpointCreateCommand.parse(["-n", "bot", "--auth-mode", "password"]) }
        #expect(throws: (any Error).self) { try EndpointUpdateCommand.parse(["-n", "bot"]) }
        #expect(throws: (any Error).self) {
            try EndpointRegenerateKeysCommand.parse(["-n", "bot", "--key-type", "tertiary"])
        }
        let message = EndpointCreateCommand.message(for: ValidationError("x"))
        #expect(!message.isEmpty)
        do {
            _ = try EndpointCreateCommand.parse(["-n", "bot", "--auth-mode", "password"])
        } catch {
            #expect(EndpointCreateCommand.message(for: error).contains("--auth-mode"))
        }
    }

    @Test func updateSendsTrafficAsPercentagesAndOnlyChangedKeys() throws {
        let command = try EndpointUpdateCommand.parse(["-n", "bot", "--traffic", "blue=90 green=10", "--tags", "a=1"])
        let (name, body, _) = try command.request()
        #expect(name == "bot")
        #expect(body.keys == ["tags", "traffic"])
        #expect(body["traffic"] == ["blue": 90, "green": 10])
        let separate = try EndpointUpdateCommand.parse(["-n", "bot", "--traffic", "blue=90", "green=10"])
        #expect(try separate.request().body["traffic"] == ["blue": 90, "green": 10])
        #expect(throws: CLIError.self) {
            try EndpointUpdateCommand.parse(["-n", "bot", "--traffic", "blue=ninety"]).request()
        }
    }

    @Test func updateFromFileSendsTheFileKeysButNotItsName() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("e.yaml", "name: bot\ntraffic:\n  blue: 50\n  green: 50\ndescription: new\n")
        let (name, body, _) = try EndpointUpdateCommand.parse(["-f", file.path, "--description", "flag wins"]).request()
        #expect(name == "bot")
        #expect(Set(body.keys) == ["traffic", "description"])
        #expect(body["description"] == "flag wins")
    }

    @Test func regenerateKeysBodyAndInvokeFlags() throws {
        let regenerate = try EndpointRegenerateKeysCommand.parse([
            "-n", "bot", "--key-type", "secondary", "--key-value", "v",
        ])
        #expect(regenerate.body == ["key_type": "secondary", "key_value": "v"])
        #expect(try EndpointRegenerateKeysCommand.parse(["-n", "bot"]).body == ["key_type": "primary"])

        let invoke = try EndpointInvokeCommand.parse(["-n", "bot", "--request-file", "req.json", "-d", "blue"])
        #expect(invoke.requestFile == "req.json" && invoke.deploymentName == "blue")
        #expect(try EndpointInvokeCommand.parse(["--name", "bot", "--request", "r.json"]).requestFile == "r.json")
    }

    @Test func listTableHasTheEndpointColumns() throws {
        let list = try FlowValue(
            json: """
                {"value": [
                  {"name": "support-bot", "provisioning_state": "Succeeded", "auth_mode": "key",
                   "traffic": {"green": 10, "blue": 90}, "scoring_uri": "http://127.0.0.1:8080/endpoints/support-bot/score"},
                  {"name": "empty", "provisioning_state": "Creating", "auth_mode": "aml_token", "traffic": {},
                   "scoring_uri": "http://127.0.0.1:8080/endpoints/empty/score"}
                ]}
                """)
        #expect(
            ResourceTable.endpoints(list.objectValue?["value"]?.listValue ?? []) == """
                NAME         STATE      AUTH       TRAFFIC           SCORING URI
                support-bot  Succeeded  key        blue=90 green=10  http://127.0.0.1:8080/endpoints/support-bot/score
                empty        Creating   aml_token  -                 http://127.0.0.1:8080/endpoints/empty/score

                """)
        #expect(ResourceTable.endpoints([]) == "No endpoints.\n")
    }

    @Test func showListsStateURIsAndFailure() throws {
        let endpoint = try FlowValue(
            json: """
                {"name": "bot", "description": null, "tags": {"team": "a"}, "auth_mode": "key", "traffic": {"blue": 100},
                 "mirror_traffic": {}, "provisioning_state": "Failed",
                 "failure": {"code": "ResourceNotReady", "message": "the probe never passed"},
                 "scoring_uri": "http://h/endpoints/bot/score", "openapi_uri": "http://h/endpoints/bot/swagger.json",
                 "created_at": "2026-11-26T08:02:05Z", "updated_at": "2026-11-26T08:02:06Z", "latest_operation_id": "op1"}
                """)
        let text = ResourceTable.endpoint(endpoint)
        #expect(text.hasPrefix("name:             bot\nstate:            Failed\n"))
        #expect(text.contains("failure:          ResourceNotReady: the probe never passed\n"))
        #expect(text.contains("openapi uri:      http://h/endpoints/bot/swagger.json\n"))
        #expect(text.contains("tags:             team=a\n"))
        #expect(!text.contains("mirror traffic"))
    }

    @Test func invokeFailureShowsTheModelErrorHeadersAndBody() {
        var headers = ManagementClient.Response(status: 424, headers: [:], body: []).headers
        headers.add(name: "ms-azureml-model-error-statuscode", value: "400")
        headers.add(name: "ms-azureml-model-error-reason", value: "Bad Request")
        headers.add(name: "azureml-model-deployment", value: "blue")
        let response = ManagementClient.Response(status: 424, headers: headers, body: Array(#"{"error": "x"}"#.utf8))
        #expect(
            EndpointInvokeCommand.failureText(response)
                == "Error: the endpoint answered 424 from deployment blue (the flow answered 400 Bad Request)\n{\"error\": \"x\"}"
        )
    }
}
