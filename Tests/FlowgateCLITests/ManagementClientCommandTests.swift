import FlowSpec
import Foundation
import Testing

/// What the `flowgate` binary says when the server refuses its key or is not there, and the connection commands
/// moving to the server when `--server` or `$FLOWGATE_SERVER` names one.
@Suite(.serialized) struct ManagementClientCommandTests {
    @Test func wrongKeyNamesItsSourceAndMissingServerSaysHowToStartOne() async throws {
        let platform = try await ManagementClientServer()
        let wrongKey = "fgk-wrong-admin-key-7c1d"
        let refused = try await platform.flowgate(["endpoint", "list"], environment: ["FLOWGATE_API_KEY": wrongKey])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("401"), "\(refused.stderr)")
        #expect(refused.stderr.contains("the key came from $FLOWGATE_API_KEY"), "\(refused.stderr)")
        #expect(!refused.stderr.contains(wrongKey) && !refused.stdout.contains(wrongKey))

        let fromFile = try await platform.flowgate(["endpoint", "list"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == "No endpoints.\n")

        let explicit = try await platform.flowgate(
            ["endpoint", "list", "--server", platform.url, "--api-key", platform.server.adminKey, "-o", "json"],
            environment: ["FLOWGATE_HOME": try TemporaryDirectory().url.path])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(explicit.stdout == "{\n  \"value\": []\n}\n")
        await platform.stop()

        let gone = try await ManagementClientServer.offPool(
            ["endpoint", "list", "--server", "http://127.0.0.1:1"],
            environment: [
                "FLOWGATE_HOME": try TemporaryDirectory().url.path, "FLOWGATE_SERVER": "", "FLOWGATE_API_KEY": "",
            ])
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("cannot reach the Flowgate server at http://127.0.0.1:1"), "\(gone.stderr)")
        #expect(gone.stderr.contains("start it with `flowgate server`"), "\(gone.stderr)")
    }

    @Test func connectionCommandsTalkToTheNamedServer() async throws {
        let platform = try await ManagementClientServer()
        let secret = "sk-server-conn-31c9e2"
        let local = try TemporaryDirectory()
        let environment = ["FLOWGATE_SERVER": platform.url, "LOCAL_HOME_UNUSED": local.url.path]
        let created = try await platform.flowgate(
            [
                "connection", "create", "--name", "remote-cc", "--type", "custom", "--set", "configs.base=https://x",
                "--set", "secrets.token=\(secret)",
            ],
            environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains(#""token": "******""#), "\(created.stdout)")
        #expect(!created.stdout.contains(secret) && !created.stderr.contains(secret))

        let list = try await platform.flowgate(["connection", "list"], environment: environment)
        #expect(list.stdout.hasPrefix("NAME") && list.stdout.contains("remote-cc"), "\(list.stdout)")
        let updated = try await platform.flowgate(
            ["connection", "update", "remote-cc", "--set", "configs.base=https://y"], environment: environment)
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("https://y"))
        let shown = try await platform.flowgate(["connection", "show", "remote-cc"], environment: environment)
        #expect(shown.stdout.contains("https://y") && !shown.stdout.contains(secret))

        // The server holds it; this machine's store (no server named) does not.
        let onServer = try await platform.server.controlPlane.connections.connection(named: "remote-cc")
        #expect(onServer?.secrets["token"] == secret)
        let localList = try await platform.flowgate(
            ["connection", "list", "--data-dir", local.url.path], environment: ["FLOWGATE_SERVER": ""])
        #expect(localList.stdout == "No connections.\n", "\(localList.stdout)")

        let deleted = try await platform.flowgate(["connection", "delete", "remote-cc"], environment: environment)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(
            try await platform.flowgate(["connection", "list"], environment: environment).stdout == "No connections.\n")
        await platform.stop()
    }
}
