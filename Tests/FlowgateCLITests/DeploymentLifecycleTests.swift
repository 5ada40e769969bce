import FlowSpec
import FlowgateTestSupport
import Foundation
import Testing

@testable import FlowgateCLI

/// Deployments through the `flowgate` binary against a real server: Azure YAML with a relative `model` and
/// Azure-only keys, an update that scales, `--no-wait`, and a provisioning failure reported with its reason.
@Suite(.serialized) struct DeploymentLifecycleTests {
    static func json(_ text: String) -> FlowObject { (try? FlowValue(json: text))?.objectValue ?? [:] }

    @Test func yamlDeployUpdateAndFailure() async throws {
        try await ManagementClientServer.serving(lifecycle)
    }

    func lifecycle(_ platform: ManagementClientServer) async throws {
        let work = try TemporaryDirectory()
        let example = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/python-only")
        for name in ["flow.dag.yaml", "text_stats.py", "top_words.py", "format_report.py", "requirements.txt"] {
            try work.write(
                "flows/words/\(name)", try String(contentsOf: example.appendingPathComponent(name), encoding: .utf8))
        }
        try work.write("endpoint.yml", "name: yaml-bot\nauth_mode: key\npublic_network_access: enabled\n")
        try work.write(
            "deployment.yml",
            """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
            name: blue
            endpoint_name: yaml-bot
            model: flows/words
            instance_type: Standard_DS3_v2
            instance_count: 1
            request_settings:
              request_timeout_ms: 30000
            """)
        let endpoint = try await platform.flowgate(["endpoint", "create", "-f", "endpoint.yml"], in: work.url)
        #expect(endpoint.status == 0, "\(endpoint.stderr)")
        #expect(endpoint.stderr.contains("Ignored (Azure-only): public_network_access (line 3)"), "\(endpoint.stderr)")

        let created = try await platform.flowgate(
            ["deployment", "create", "-f", "deployment.yml", "-o", "json"], in: work.url)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("Ignored (Azure-only): instance_type (line 5)"), "\(created.stderr)")
        let deployment = Self.json(created.stdout)
        #expect(deployment["provisioning_state"] == "Succeeded", "\(created.stdout)")
        #expect(deployment["request_settings"]?.objectValue?["request_timeout_ms"] == 30000)

        let scaled = try await platform.flowgate(
            ["deployment", "update", "-e", "yaml-bot", "-n", "blue", "--instance-count", "2", "-o", "json"])
        #expect(scaled.status == 0, "\(scaled.stderr)")
        #expect(Self.json(scaled.stdout)["instance_count"] == 2, "\(scaled.stdout)")
        #expect(Self.json(scaled.stdout)["snapshot_id"] == deployment["snapshot_id"], "the flow did not change")

        // --no-wait answers while the server is still creating; show then reports where it stands.
        let quick = try await platform.flowgate([
            "deployment", "create", "-e", "yaml-bot", "-n", "green", "--flow",
            work.url.appendingPathComponent("flows/words").path,
            "--no-wait", "-o", "json",
        ])
        #expect(quick.status == 0, "\(quick.stderr)")
        #expect(Self.json(quick.stdout)["provisioning_state"] == "Creating", "\(quick.stdout)")
        #expect(!quick.stderr.contains("✓"), "no stages are followed with --no-wait")
        let operationID = try #require(Self.json(quick.stdout)["latest_operation_id"]?.stringValue)
        try await followOnTerminal(operationID, platform: platform)
        let removed = try await platform.flowgate(["deployment", "delete", "-e", "yaml-bot", "-n", "green"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == "Deployment 'yaml-bot/green' deleted.\n")
        #expect(removed.stderr.contains("✓ instances stopped"), "\(removed.stderr)")
        let remaining = try await platform.flowgate(["deployment", "list", "-e", "yaml-bot"])
        #expect(!remaining.stdout.contains("green") && remaining.stdout.contains("blue"), "\(remaining.stdout)")

        // A request pinned to a deployment that does not exist fails with the gateway's answer, exit 1.
        let request = try work.write("req.json", #"{"text": "one two two"}"#)
        let missing = try await platform.flowgate([
            "endpoint", "invoke", "-n", "yaml-bot", "--request-file", request.path, "-d", "absent",
        ])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("Error: the endpoint answered 404"), "\(missing.stderr)")

        // A generator flow answers as a stream with --stream; the deployment header picks it without traffic.
        let story = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/flex-stream").path
        let streamed = try await platform.flowgate([
            "deployment", "create", "-e", "yaml-bot", "-n", "story", "--flow", story,
        ])
        #expect(streamed.status == 0, "\(streamed.stderr)")
        let topic = try work.write("topic.json", #"{"topic": "gateways", "sentences": 2}"#)
        let events = try await platform.flowgate([
            "endpoint", "invoke", "-n", "yaml-bot", "--request-file", topic.path, "-d", "story", "--stream",
        ])
        #expect(events.status == 0, "\(events.stderr)")
        #expect(events.stdout.hasPrefix("data: "), "\(events.stdout)")
        #expect(events.stdout.contains(#"data: {"output": "Sentence 2 about gateways! "}"#), "\(events.stdout)")
        let whole = try await platform.flowgate([
            "endpoint", "invoke", "-n", "yaml-bot", "--request-file", topic.path, "-d", "story",
        ])
        // The sample's init (style: excited) applies; without a stream the pieces are joined into one string.
        #expect(
            try FlowValue(json: whole.stdout) == .string("Sentence 1 about gateways! Sentence 2 about gateways! "),
            "\(whole.stdout)")

        // A flow that does not validate: the operation fails and the CLI prints its code and message, exit 1.
        try TestFlowFiles.write(TestFlowFiles.broken, into: work.url.appendingPathComponent("flows/broken"))
        let broken = try await platform.flowgate(
            ["deployment", "create", "-e", "yaml-bot", "-n", "broken", "--flow", "flows/broken"], in: work.url)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("Error: the operation failed: BadArgument:"), "\(broken.stderr)")
        #expect(broken.stderr.contains("nowhere"), "\(broken.stderr)")
        let operations = try await platform.flowgate(["operation", "list", "-e", "yaml-bot", "-o", "json"])
        let list = (try? FlowValue(json: operations.stdout))?.objectValue?["value"]?.listValue ?? []
        #expect(list.contains { $0.objectValue?["status"] == "Failed" }, "\(operations.stdout)")

        let orphan = try await platform.flowgate(
            ["deployment", "create", "-e", "no-such-endpoint", "-n", "blue", "--flow", "flows/words"], in: work.url)
        #expect(orphan.status == 1)
        #expect(orphan.stderr.contains("no-such-endpoint") && orphan.stderr.contains("NotFound"), "\(orphan.stderr)")

        // Invalid input is refused by the server with its field details.
        let invalid = try await platform.flowgate(["endpoint", "update", "-n", "yaml-bot", "--traffic", "blue=120"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("traffic"), "\(invalid.stderr)")
    }

    /// Follows an operation as a terminal shows it: completed stages replace the spinner line, running ones are
    /// not printed as lines, and the line is cleared at the end.
    func followOnTerminal(_ id: String, platform: ManagementClientServer) async throws {
        let written = Written()
        let target = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: platform.directory.path, environment: [:])
        var follower = OperationFollower(client: ManagementClient(target: target))
        follower.isTerminal = true
        follower.write = { written.append($0) }
        let operation = try await follower.follow(id, title: "Creating deployment yaml-bot/green")
        #expect(operation.objectValue?["status"] == "Succeeded")
        let text = written.text
        #expect(text.contains("\r\u{1B}[K✓ flow registered"), "\(text)")
        #expect(text.contains("\r\u{1B}[K✓ ready"), "\(text)")
        #expect(!text.contains("(running)"), "a terminal shows running stages on the spinner line only")
        #expect(text.hasSuffix("\r\u{1B}[K"), "the spinner line is cleared at the end")
    }
}

/// Text a follower wrote, collected across its calls.
final class Written: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []

    func append(_ text: String) { lock.withLock { parts.append(text) } }
    var text: String { lock.withLock { parts.joined() } }
}
