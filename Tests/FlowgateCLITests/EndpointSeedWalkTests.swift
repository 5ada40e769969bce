import FlowSpec
import Foundation
import NIOHTTP1
import Testing

@testable import FlowgateCLI

/// The seed's walk as a new user does it, through the `flowgate` binary against a real server found by its
/// `server.json` and `admin.key`: endpoint create → deployment create --flow --all-traffic → get-credentials →
/// invoke → regenerate-keys (the old key is refused) → invoke again → delete.
@Suite(.serialized) struct EndpointSeedWalkTests {
    static func json(_ text: String) -> FlowValue { (try? FlowValue(json: text)) ?? .null }

    @Test func seedWalkThroughTheCLI() async throws {
        try await ManagementClientServer.serving(walk)
    }

    func walk(_ platform: ManagementClientServer) async throws {
        let work = try TemporaryDirectory()

        let created = try await platform.flowgate(["endpoint", "create", "--name", "seed-walk", "--auth-mode", "key"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("state:") && created.stdout.contains("Succeeded"), "\(created.stdout)")

        let deployed = try await platform.flowgate([
            "deployment", "create", "-e", "seed-walk", "-n", "blue", "--flow", "examples/flows/python-only",
            "--all-traffic",
        ])
        #expect(deployed.status == 0, "\(deployed.stderr)")
        #expect(deployed.stderr.contains("✓ flow registered"), "\(deployed.stderr)")
        #expect(deployed.stderr.contains("✓ ready"), "\(deployed.stderr)")
        #expect(!deployed.stderr.contains("\u{1B}["), "no terminal control codes when standard error is a pipe")
        let deployment = Self.json(
            try await platform.flowgate(["deployment", "show", "-e", "seed-walk", "-n", "blue", "-o", "json"]).stdout)
        #expect(deployment.objectValue?["provisioning_state"] == "Succeeded")
        #expect(deployment.objectValue?["snapshot_id"]?.stringValue?.count == 64, "the folder went up as a snapshot")

        let shown = try await platform.flowgate(["endpoint", "show", "-n", "seed-walk", "-o", "json"])
        let endpoint = Self.json(shown.stdout).objectValue ?? [:]
        #expect(endpoint["traffic"] == ["blue": 100], "\(shown.stdout)")
        #expect(endpoint["scoring_uri"]?.stringValue == platform.url + "/endpoints/seed-walk/score")

        let credentials = try await platform.flowgate(["endpoint", "get-credentials", "-n", "seed-walk", "-o", "json"])
        let key = try #require(Self.json(credentials.stdout).objectValue?["primaryKey"]?.stringValue)
        let table = try await platform.flowgate(["endpoint", "get-credentials", "-n", "seed-walk"])
        #expect(table.stdout.contains("primaryKey:") && table.stdout.contains(key))

        let request = try work.write("req.json", #"{"text": "Swift is fast. Swift is safe.", "top_n": 2}"#)
        let invoked = try await platform.flowgate([
            "endpoint", "invoke", "-n", "seed-walk", "--request-file", request.path,
        ])
        #expect(invoked.status == 0, "\(invoked.stderr)")
        #expect(
            Self.json(invoked.stdout).objectValue?["report"]
                == "6 words, 2 sentences, 29 characters; most frequent: is (2), swift (2)", "\(invoked.stdout)")
        let pinned = try await platform.flowgate([
            "endpoint", "invoke", "-n", "seed-walk", "--request-file", request.path, "--deployment-name", "blue",
        ])
        #expect(pinned.status == 0, "\(pinned.stderr)")

        let regenerated = try await platform.flowgate([
            "endpoint", "regenerate-keys", "-n", "seed-walk", "--key-type", "primary",
        ])
        #expect(regenerated.status == 0, "\(regenerated.stderr)")
        #expect(!regenerated.stdout.contains(key))
        let old = try await Self.score(platform.url + "/endpoints/seed-walk/score", key: key, body: request)
        #expect(old == 401, "the old key is refused once regenerate-keys has answered")
        let again = try await platform.flowgate([
            "endpoint", "invoke", "-n", "seed-walk", "--request-file", request.path,
        ])
        #expect(again.status == 0, "\(again.stderr)")

        let list = try await platform.flowgate(["endpoint", "list"])
        #expect(list.stdout.hasPrefix("NAME"), "\(list.stdout)")
        #expect(list.stdout.contains("seed-walk") && list.stdout.contains("blue=100"))
        let deployments = try await platform.flowgate(["deployment", "list", "-e", "seed-walk"])
        #expect(
            deployments.stdout.contains("blue") && deployments.stdout.contains("Succeeded"), "\(deployments.stdout)")
        let operations = try await platform.flowgate(["operation", "list", "-e", "seed-walk"])
        #expect(operations.stdout.hasPrefix("ID") && operations.stdout.contains("create"), "\(operations.stdout)")
        let logs = try await platform.flowgate([
            "deployment", "get-logs", "-e", "seed-walk", "-n", "blue", "--lines", "5",
        ])
        #expect(logs.status == 0, "\(logs.stderr)")

        // A deployment with traffic cannot be deleted: the server's message reaches the user.
        let refused = try await platform.flowgate(["deployment", "delete", "-e", "seed-walk", "-n", "blue"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("traffic.blue"), "\(refused.stderr)")

        let deleted = try await platform.flowgate(["endpoint", "delete", "-n", "seed-walk"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("Endpoint 'seed-walk' deleted."))
        let gone = try await platform.flowgate(["endpoint", "show", "-n", "seed-walk"])
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("NotFound"), "\(gone.stderr)")

        for result in [created, deployed, shown, invoked, regenerated, list, deployments, operations, deleted] {
            #expect(!result.stdout.contains(key) && !result.stderr.contains(key), "only get-credentials prints keys")
        }
    }

    /// The status of a scoring call with `key`.
    static func score(_ url: String, key: String, body: URL) async throws -> Int {
        let client = ManagementClient(target: ServerTarget(url: url, urlSource: "test", apiKey: nil, keySource: "test"))
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(key)")
        headers.add(name: "Content-Type", value: "application/json")
        return try await client.send(.POST, url: url, headers: headers, body: Array(try Data(contentsOf: body))).status
    }
}
