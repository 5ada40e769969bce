import Foundation
import Testing

/// `flowgate connection …` driven through the built binary, with FLOWGATE_HOME in a temporary folder.
@Suite struct ConnectionCommandTests {
    let secret = "sk-cli-4e1f0a2b9c"

    /// Runs `flowgate connection ARGS` against the temporary data directory.
    func connection(
        _ arguments: [String], home: TemporaryDirectory, environment: [String: String] = [:]
    ) throws -> FlowgateProcess.Result {
        let base = [
            "FLOWGATE_HOME": home.url.appendingPathComponent("data").path, "FLOWGATE_MASTER_KEY": "",
            "PROMPTFLOW_CONNECTIONS": "",
        ]
        return try FlowgateProcess.run(
            ["connection"] + arguments, in: home.url, environment: base.merging(environment) { $1 })
    }

    @Test func createFromYAMLListShowUpdateDelete() throws {
        let home = try TemporaryDirectory()
        let file = try home.write(
            "aoai.yaml",
            """
            $schema: https://azuremlschemas.azureedge.net/promptflow/latest/AzureOpenAIConnection.schema.json
            name: aoai
            type: azure_open_ai
            api_key: ${env:AOAI_TEST_KEY}
            api_base: https://example.openai.azure.com/
            """)
        let created = try connection(["create", "-f", file.path], home: home, environment: ["AOAI_TEST_KEY": secret])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains(#""api_key": "******""#))
        #expect(created.stdout.contains(#""api_version": "2024-02-01""#))
        #expect(!created.stdout.contains(secret) && !created.stderr.contains(secret))

        let list = try connection(["list"], home: home)
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("NAME"))
        #expect(list.stdout.contains("aoai") && list.stdout.contains("azure_open_ai"))

        let json = try connection(["list", "--json"], home: home)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["name"] as? String == "aoai")
        #expect(decoded?.first?["api_key"] as? String == "******")

        let shown = try connection(["show", "aoai"], home: home)
        #expect(shown.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(object?["api_base"] as? String == "https://example.openai.azure.com/")
        #expect(object?["api_key"] as? String == "******")
        #expect(!shown.stdout.contains(secret))

        let updated = try connection(["update", "aoai", "--set", "api_version=2024-06-01"], home: home)
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains(#""api_version": "2024-06-01""#))

        // What `show` printed can be fed back with -f: the masked secret keeps its stored value.
        let shownFile = try home.write(
            "shown.yaml", "name: aoai\ntype: azure_open_ai\napi_key: '******'\napi_base: https://moved.example/\n")
        #expect(try connection(["update", "aoai", "-f", shownFile.path], home: home).status == 0)

        let data = home.url.appendingPathComponent("data")
        let bytes = ["connections.sqlite", "connections.sqlite-wal"].reduce(into: Data()) { bytes, name in
            bytes += (try? Data(contentsOf: data.appendingPathComponent(name))) ?? Data()
        }
        #expect(!bytes.isEmpty && bytes.range(of: Data(secret.utf8)) == nil)

        let deleted = try connection(["delete", "aoai"], home: home)
        #expect(deleted.status == 0)
        #expect(deleted.stdout.contains("Connection 'aoai' deleted."))
        #expect(try connection(["list"], home: home).stdout == "No connections.\n")
    }

    @Test func createWithNameTypeAndSetForCustomAndDataDirOption() throws {
        let home = try TemporaryDirectory()
        let dataDir = home.url.appendingPathComponent("elsewhere").path
        let created = try connection(
            [
                "create", "--data-dir", dataDir, "--name", "cc", "--type", "custom", "--set",
                "configs.endpoint=https://svc",
                "--set", "secrets.token=\(secret)",
            ], home: home)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains(#""token": "******""#))
        #expect(created.stdout.contains(#""endpoint": "https://svc""#))
        #expect(!created.stdout.contains(secret))
        #expect(FileManager.default.fileExists(atPath: dataDir + "/connections.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dataDir + "/master.key"))
        // Nothing went to FLOWGATE_HOME.
        #expect(try connection(["list"], home: home).stdout == "No connections.\n")
        #expect(try connection(["show", "cc", "--data-dir", dataDir], home: home).status == 0)
    }

    @Test func clearErrors() throws {
        let home = try TemporaryDirectory()
        let unknownType = try connection(["create", "--name", "x", "--type", "nope"], home: home)
        #expect(unknownType.status != 0)
        #expect(unknownType.stderr.contains("type 'nope' is not supported"))
        #expect(unknownType.stderr.contains("azure_open_ai, open_ai, serverless, custom"))

        let missing = try connection(
            ["create", "--name", "x", "--type", "azure_open_ai", "--set", "api_key=\(secret)"], home: home)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Connection 'x' of type azure_open_ai needs 'api_base'."))
        #expect(!missing.stderr.contains(secret))

        let unset = try connection(
            ["create", "--name", "x", "--type", "open_ai", "--set", "api_key=${env:FLOWGATE_TEST_UNSET_VAR}"],
            home: home)
        #expect(unset.status != 0)
        #expect(unset.stderr.contains("FLOWGATE_TEST_UNSET_VAR, which is not set"))

        #expect(
            try connection(["create", "--name", "o", "--type", "open_ai", "--set", "api_key=k"], home: home).status == 0
        )
        let duplicate = try connection(
            ["create", "--name", "o", "--type", "open_ai", "--set", "api_key=k"], home: home)
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.contains("Connection 'o' already exists"))

        for command in [["show", "ghost"], ["delete", "ghost"], ["update", "ghost", "--set", "api_key=k"]] {
            let result = try connection(command, home: home)
            #expect(result.status != 0)
            #expect(result.stderr.contains("Connection 'ghost' not found."), "\(command): \(result.stderr)")
        }

        let noArguments = try connection(["create"], home: home)
        #expect(noArguments.status != 0)
        #expect(noArguments.stderr.contains("Give -f FILE, or --name and --type."))
    }

    @Test func wrongMasterKeyIsReportedWithoutGarbage() throws {
        let home = try TemporaryDirectory()
        let key = Data(repeating: 3, count: 32).base64EncodedString()
        let created = try connection(
            ["create", "--name", "o", "--type", "open_ai", "--set", "api_key=\(secret)"], home: home,
            environment: ["FLOWGATE_MASTER_KEY": key])
        #expect(created.status == 0, "\(created.stderr)")
        let wrong = Data(repeating: 4, count: 32).base64EncodedString()
        let updated = try connection(
            ["update", "o", "--set", "organization=x"], home: home, environment: ["FLOWGATE_MASTER_KEY": wrong])
        #expect(updated.status != 0)
        #expect(updated.stderr.contains("cannot be decrypted with the master key from FLOWGATE_MASTER_KEY"))
        #expect(!updated.stderr.contains(secret) && !updated.stderr.contains(wrong))
        let malformed = try connection(["list"], home: home, environment: ["FLOWGATE_MASTER_KEY": "short"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("FLOWGATE_MASTER_KEY must hold 32 bytes (256 bits) encoded as base64."))
    }
}
