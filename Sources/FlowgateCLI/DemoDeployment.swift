import FlowSpec
import FlowgateServer
import Foundation

/// `flowgate server --demo`: deploys every flow folder under the demo folder as its own endpoint (deployment
/// `blue`, all traffic) through the server's own management API, then prints each endpoint's scoring URL, key
/// and a curl line. Flows that call an LLM are deployed only when an OpenAI-compatible server is configured
/// (`--llm-base-url` or `$OPENAI_BASE_URL`), through a connection named `open_ai_connection`. A second start
/// with `--demo` finds the endpoints in place and only prints them.
struct DemoDeployment: Sendable {
    let server: PlatformServer
    let flowsFolder: URL
    let llmBaseURL: String?
    let llmAPIKey: String?

    static let connectionName = "open_ai_connection"

    func run() async {
        let client = ManagementClient(
            target: ServerTarget(
                url: server.baseURL.absoluteString, urlSource: "this server", apiKey: server.adminKey,
                keySource: "this server's admin key"))
        let flows = demoFlows()
        if flows.isEmpty {
            printError("--demo: no flow folders under \(flowsFolder.path) (run from the repository root, or pass --demo-flows).")
            return
        }
        let llmFlows = flows.filter { Self.needsLLM($0.flow) }.map(\.name)
        let usable = flows.filter { llmBaseURL != nil || !Self.needsLLM($0.flow) }
        do {
            if let llmBaseURL, !llmFlows.isEmpty { try await ensureConnection(client, baseURL: llmBaseURL) }
            for demo in usable { try await ensureDeployment(client, demo) }
            var blocks: [String] = []
            for demo in usable {
                blocks.append(try await readyBlock(client, demo))
            }
            var text = "\nDemo endpoints (\(usable.count)), each with deployment 'blue' taking all traffic:\n\n"
            text += blocks.joined(separator: "\n")
            if llmBaseURL == nil, !llmFlows.isEmpty {
                text += """

                    Not deployed, they call an LLM: \(llmFlows.joined(separator: ", ")).
                    Start with --llm-base-url http://HOST:PORT/v1 (any OpenAI-compatible server; the key from \
                    $OPENAI_API_KEY) to deploy them too.

                    """
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        } catch {
            printError("--demo stopped: \(error)")
        }
    }

    struct DemoFlow: Sendable {
        let name: String
        let folder: URL
        let flow: Flow
    }

    /// The flow folders (sorted) whose name is a valid endpoint name and that load.
    func demoFlows() -> [DemoFlow] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: flowsFolder.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = flowsFolder.appendingPathComponent(name).standardizedFileURL
            guard let flow = try? FlowLoader.load(path: folder.path) else { return nil }
            return DemoFlow(name: name, folder: folder, flow: flow)
        }
    }

    static func needsLLM(_ flow: Flow) -> Bool {
        flow.kind == .prompty || flow.allNodeDefinitions.contains { $0.kind == .llm }
            || flow.connectionsNeeded.contains(connectionName)
    }

    private func ensureConnection(_ client: ManagementClient, baseURL: String) async throws {
        let body: FlowValue = [
            "name": .string(Self.connectionName), "type": "open_ai", "api_key": .string(llmAPIKey ?? "none"),
            "base_url": .string(baseURL),
        ]
        do {
            try await client.json(.GET, "/connections/\(Self.connectionName)")
        } catch let error as ManagementAPIError where error.status == 404 {
            try await client.json(.POST, "/connections", body: body)
        }
    }

    private func ensureDeployment(_ client: ManagementClient, _ demo: DemoFlow) async throws {
        do {
            try await client.json(.GET, "/endpoints/\(demo.name)")
            return
        } catch let error as ManagementAPIError where error.status == 404 {}
        let description = "Flowgate demo: \(demo.name)"
        try await client.json(
            .POST, "/endpoints", body: ["name": .string(demo.name), "description": .string(description)])
        var environment = FlowObject()
        if demo.flow.kind == .prompty, let llmBaseURL {
            environment["OPENAI_BASE_URL"] = .string(llmBaseURL)
            if llmAPIKey == nil { environment["OPENAI_API_KEY"] = "none" }
        }
        let deployment: FlowValue = [
            "name": "blue", "model": .string(demo.folder.path), "environment_variables": .object(environment),
            "request_settings": ["request_timeout_ms": 60_000, "max_concurrent_requests_per_instance": 8],
        ]
        try await client.json(.POST, "/endpoints/\(demo.name)/deployments", body: deployment)
    }

    /// Waits for the deployment, gives it the traffic and says how to call it.
    private func readyBlock(_ client: ManagementClient, _ demo: DemoFlow) async throws -> String {
        let path = "/endpoints/\(demo.name)/deployments/blue"
        var deployment = try await client.json(.GET, path)
        while ManagementClient.inProgress.contains(deployment.objectValue?["provisioning_state"]?.stringValue ?? "") {
            try await Task.sleep(for: .milliseconds(100))
            deployment = try await client.json(.GET, path)
        }
        let state = deployment.objectValue?["provisioning_state"]?.stringValue ?? "?"
        guard state == "Succeeded" else {
            let failure = deployment.objectValue?["failure"]?.objectValue
            return "\(demo.name): \(state): \(failure?["code"]?.stringValue ?? "") \(failure?["message"]?.stringValue ?? "")\n"
        }
        let endpoint = try await client.json(.GET, "/endpoints/\(demo.name)")
        if endpoint.objectValue?["traffic"]?.objectValue?["blue"] != .int(100) {
            try await client.json(.PATCH, "/endpoints/\(demo.name)", body: ["traffic": ["blue": 100]])
        }
        let credentials = try await client.json(.POST, "/endpoints/\(demo.name)/get-credentials")
        let key = credentials.objectValue?["primaryKey"]?.stringValue ?? ""
        let url = endpoint.objectValue?["scoring_uri"]?.stringValue ?? ""
        let inputs = FlowServeBanner(flow: demo.flow, host: "127.0.0.1").exampleInputs()
        let body = inputs.json(.python).replacingOccurrences(of: "'", with: "'\\''")
        return """
            \(demo.name)  \(url)
              key   \(key)
              curl -s \(url) -H 'Authorization: Bearer \(key)' -H 'Content-Type: application/json' -d '\(body)'

            """
    }
}
