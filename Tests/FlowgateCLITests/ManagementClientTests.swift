import FlowSpec
import Foundation
import Testing

@testable import FlowgateCLI

/// How the CLI finds the server and admin key (flag, environment, data directory files, default), and how it
/// reports what a server answers or that none answers. Discovery reads dictionaries, never the test's environment.
@Suite struct ManagementClientTests {
    let key = "admin-key-5f1e9c2d7b"

    /// A data directory holding `server.json` and `admin.key` as the server writes them.
    func dataDirectory(url: String? = "http://127.0.0.1:9311", key: String? = nil) throws -> TemporaryDirectory {
        let home = try TemporaryDirectory()
        if let url { try home.write("server.json", #"{"url": "\#(url)"}"#) }
        if let key { try home.write("admin.key", key + "\n") }
        return home
    }

    @Test func serverURLComesFromFlagThenEnvironmentThenServerFileThenDefault() throws {
        let home = try dataDirectory()
        let environment = ["FLOWGATE_HOME": home.url.path, "FLOWGATE_SERVER": "http://env.example:7000/"]

        let flag = try ServerTarget.discover(
            server: "flag.example:9000", apiKey: nil, dataDir: nil, environment: environment)
        #expect(flag.url == "http://flag.example:9000")
        #expect(flag.urlSource == "--server")

        let fromEnvironment = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: nil, environment: environment)
        #expect(fromEnvironment.url == "http://env.example:7000")
        #expect(fromEnvironment.urlSource == "$FLOWGATE_SERVER")

        let fromFile = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: nil, environment: ["FLOWGATE_HOME": home.url.path])
        #expect(fromFile.url == "http://127.0.0.1:9311")
        #expect(fromFile.urlSource.hasSuffix("server.json"))

        let empty = try TemporaryDirectory()
        let fallback = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: empty.url.path, environment: ["FLOWGATE_HOME": home.url.path])
        #expect(fallback.url == "http://127.0.0.1:8080")
        #expect(fallback.urlSource == "the default")
    }

    @Test func dataDirectoryComesFromFlagThenFlowgateHomeThenUserHome() throws {
        let flagged = try dataDirectory(url: "http://flagged:1")
        let home = try dataDirectory(url: "http://home:2")
        let user = try TemporaryDirectory()
        try user.write(".flowgate/server.json", #"{"url": "http://user:3"}"#)
        try user.write(".flowgate/admin.key", key)
        let environment = ["FLOWGATE_HOME": home.url.path, "HOME": user.url.path]

        #expect(
            try ServerTarget.discover(server: nil, apiKey: nil, dataDir: flagged.url.path, environment: environment)
                .url == "http://flagged:1")
        #expect(
            try ServerTarget.discover(server: nil, apiKey: nil, dataDir: nil, environment: environment).url
                == "http://home:2")
        let userTarget = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: nil, environment: ["HOME": user.url.path])
        #expect(userTarget.url == "http://user:3")
        #expect(userTarget.apiKey == key)
    }

    @Test func adminKeyComesFromFlagThenEnvironmentThenAdminKeyFile() throws {
        let home = try dataDirectory(key: key)
        let environment = ["FLOWGATE_HOME": home.url.path, "FLOWGATE_API_KEY": "env-key"]

        let flag = try ServerTarget.discover(server: nil, apiKey: "flag-key", dataDir: nil, environment: environment)
        #expect(flag.apiKey == "flag-key" && flag.keySource == "--api-key")

        let fromEnvironment = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: nil, environment: environment)
        #expect(fromEnvironment.apiKey == "env-key" && fromEnvironment.keySource == "$FLOWGATE_API_KEY")

        let fromFile = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: nil, environment: ["FLOWGATE_HOME": home.url.path])
        #expect(fromFile.apiKey == key)
        #expect(fromFile.keySource == home.url.appendingPathComponent("admin.key").path)
        #expect(!fromFile.keySource.contains(key))

        let none = try ServerTarget.discover(
            server: nil, apiKey: nil, dataDir: nil, environment: ["FLOWGATE_HOME": try TemporaryDirectory().url.path])
        #expect(none.apiKey == nil)
        #expect(none.keySource.contains("admin.key does not exist"))
    }

    @Test func serverIsNamedOnlyByFlagOrEnvironment() {
        #expect(ServerTarget.isNamed(server: "http://x:1", environment: [:]))
        #expect(ServerTarget.isNamed(server: nil, environment: ["FLOWGATE_SERVER": "http://x:1"]))
        #expect(!ServerTarget.isNamed(server: nil, environment: ["FLOWGATE_SERVER": ""]))
        #expect(!ServerTarget.isNamed(server: nil, environment: ["FLOWGATE_HOME": "/tmp"]))
    }

    @Test func badURLsAreRefusedNamingTheirSource() throws {
        #expect(throws: CLIError.self) {
            try ServerTarget.discover(server: "ftp://x", apiKey: nil, dataDir: nil, environment: [:])
        }
        let home = try TemporaryDirectory()
        try home.write("server.json", #"{"port": 1}"#)
        do {
            _ = try ServerTarget.discover(server: nil, apiKey: nil, dataDir: home.url.path, environment: [:])
            Issue.record("a server.json without url was accepted")
        } catch {
            #expect(error.description.contains("server.json has no \"url\""))
        }
    }

    @Test func unreachableServerSaysHowToStartOne() async throws {
        // Port 1 has no listener on a test machine: the connection is refused at once.
        let target = try ServerTarget.discover(
            server: "http://127.0.0.1:1", apiKey: key, dataDir: nil, environment: [:])
        do {
            try await ManagementClient(target: target).json(.GET, "/endpoints")
            Issue.record("a request to a closed port succeeded")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("cannot reach the Flowgate server at http://127.0.0.1:1"))
            #expect(text.contains("flowgate server"))
            #expect(!text.contains(key))
        }
    }

    @Test func apiErrorsShowMessageAndFieldDetailsAnd401TheKeySource() throws {
        let target = ServerTarget(url: "http://s:1", urlSource: "--server", apiKey: key, keySource: "$FLOWGATE_API_KEY")
        let body =
            #"{"error": {"code": "BadArgument", "message": "the endpoint is invalid", "details": [{"field": "traffic.blue", "message": "120 is not a percentage"}]}}"#
        let bad = ManagementAPIError(
            status: 400, body: Array(body.utf8), method: "POST", path: "/endpoints", target: target)
        #expect(
            bad.description == "the endpoint is invalid (BadArgument, 400)\n  traffic.blue: 120 is not a percentage")

        let joined =
            #"{"error": {"code": "BadArgument", "message": "name: too short", "details": [{"field": "name", "message": "too short"}]}}"#
        let once = ManagementAPIError(
            status: 400, body: Array(joined.utf8), method: "POST", path: "/endpoints", target: target)
        #expect(once.description == "name: too short (BadArgument, 400)", "a detail the message says is not repeated")

        let refused = ManagementAPIError(
            status: 401, body: Array(#"{"error": {"code": "Unauthorized", "message": "no"}}"#.utf8), method: "GET",
            path: "/endpoints", target: target)
        #expect(refused.description.contains("refused the admin API key"))
        #expect(refused.description.contains("the key came from $FLOWGATE_API_KEY"))
        #expect(!refused.description.contains(key))

        let plain = ManagementAPIError(
            status: 502, body: Array("bad gateway".utf8), method: "GET", path: "/endpoints", target: target)
        #expect(plain.description == "bad gateway (502)")
    }

    @Test func prettyJSONKeepsTheServersKeyOrderAndValues() throws {
        let value = try FlowValue(
            json: #"{"name":"a","traffic":{"z":10,"b":90},"list":[1,"x"],"empty":{},"none":null}"#)
        #expect(
            PrettyJSON.text(value) == """
                {
                  "name": "a",
                  "traffic": {
                    "z": 10,
                    "b": 90
                  },
                  "list": [
                    1,
                    "x"
                  ],
                  "empty": {},
                  "none": null
                }
                """)
        #expect(try FlowValue(json: PrettyJSON.text(value)) == value)
    }
}
