import FlowSpec
import Foundation
import Testing

@testable import FlowgateCLI

/// `flowgate deployment …` arguments, Azure deployment YAML plus flags turned into the request JSON (the flow
/// folder uploaded, never sent as a path), the tar that carries the folder, and the tables.
@Suite struct DeploymentCommandTests {
    /// A flow folder with a subfolder and the tooling folders snapshots skip.
    func flowFolder(in folder: TemporaryDirectory) throws -> URL {
        try folder.write("flow/flow.dag.yaml", "inputs: {}\noutputs: {}\nnodes: []\n")
        try folder.write("flow/tools/step.py", "print('x')\n")
        try folder.write("flow/.git/HEAD", "ref: refs/heads/main\n")
        try folder.write("flow/__pycache__/step.cpython-312.pyc", "x")
        try folder.write("flow/.venv/bin/python", "x")
        return folder.url.appendingPathComponent("flow")
    }

    @Test func createFromAzureYAMLUploadsTheModelFolderAndFlagsOverride() throws {
        let folder = try TemporaryDirectory()
        let flow = try flowFolder(in: folder)
        let file = try folder.write(
            "deployment.yml",
            """
            $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
            name: blue
            endpoint_name: support-bot
            model: ./flow
            instance_type: Standard_DS3_v2
            instance_count: 1
            environment_variables:
              PROMPTFLOW_RESPONSE_INCLUDED_FIELDS: '["answer"]'
            request_settings:
              request_timeout_ms: 60000
            app_insights_enabled: true
            """)
        let command = try DeploymentCreateCommand.parse([
            "-f", file.path, "--instance-count", "2", "--set", "request_settings.max_queue_wait_ms=1000",
            "--tags", "owner=c",
        ])
        let request = try DeploymentRequest(command.options, creating: true)
        #expect(request.flowFolder == flow.standardizedFileURL.path)
        #expect(request.ignored.map(\.key) == ["instance_type", "app_insights_enabled"])
        let body = try request.body(snapshotID: String(repeating: "ab", count: 32))
        #expect(body["model"] == nil)
        #expect(body["snapshot_id"] == .string(String(repeating: "ab", count: 32)))
        #expect(body["name"] == "blue" && body["endpoint_name"] == "support-bot")
        #expect(body["instance_count"] == 2)
        #expect(body["environment_variables"] == ["PROMPTFLOW_RESPONSE_INCLUDED_FIELDS": #"["answer"]"#])
        #expect(body["request_settings"]?.objectValue?["request_timeout_ms"] == 60000)
        #expect(body["request_settings"]?.objectValue?["max_queue_wait_ms"] == 1000)
        #expect(body["tags"] == ["owner": "c"])
        #expect(body["instance_type"] == nil && body["app_insights_enabled"] == nil)
        #expect(request.path == "/endpoints/support-bot/deployments/blue")
    }

    @Test func fileWithoutModelTakesTheFlowFlagAndNamesFromFlags() throws {
        let folder = try TemporaryDirectory()
        let flow = try flowFolder(in: folder)
        let file = try folder.write("d.yaml", "instance_count: 3\n")
        let command = try DeploymentCreateCommand.parse([
            "-f", file.path, "-n", "green", "-e", "bot", "--flow", flow.path, "--all-traffic",
        ])
        #expect(command.allTraffic)
        let request = try DeploymentRequest(command.options, creating: true)
        #expect(request.flowFolder == flow.path)
        let body = try request.body(snapshotID: nil)
        #expect(body["name"] == "green" && body["endpoint_name"] == "bot" && body["instance_count"] == 3)

        // An update from a file without model changes settings only: nothing is uploaded.
        let update = try DeploymentRequest(
            DeploymentUpdateCommand.parse(["-f", file.path, "-n", "green", "-e", "bot"]).options, creating: false)
        #expect(update.flowFolder == nil)
        #expect(try update.body(snapshotID: nil).keys == ["instance_count"])
    }

    @Test func createFromFlagsAndArgumentErrors() throws {
        let command = try DeploymentCreateCommand.parse([
            "--endpoint-name", "bot", "--name", "blue", "--model", "some/flow", "--description", "first",
        ])
        let request = try DeploymentRequest(command.options, creating: true)
        #expect(request.flowFolder == DeploymentFile.absolute("some/flow"))
        #expect(
            try request.body(snapshotID: nil).keys.sorted() == ["description", "endpoint_name", "name"])
        #expect(throws: (any Error).self) { try DeploymentCreateCommand.parse(["-e", "bot", "-n", "blue"]) }
        #expect(throws: (any Error).self) {
            try DeploymentCreateCommand.parse(["-e", "bot", "-n", "b", "--flow", "f", "--all-traffic", "--no-wait"])
        }
        #expect(throws: (any Error).self) { try DeploymentUpdateCommand.parse(["-e", "bot", "-n", "blue"]) }
        #expect(throws: (any Error).self) {
            try DeploymentGetLogsCommand.parse(["-e", "bot", "-n", "b", "--lines", "0"])
        }
        #expect(try DeploymentGetLogsCommand.parse(["-e", "bot", "-n", "b", "--lines", "20"]).lines == 20)
        // DESIGN §1 writes --endpoint; az writes --endpoint-name. Both work.
        #expect(try DeploymentListCommand.parse(["--endpoint", "bot"]).endpointName == "bot")
        #expect(
            try DeploymentCreateCommand.parse(["--endpoint", "bot", "-n", "b", "--flow", "f"]).options.endpointName
                == "bot")
    }

    @Test func runDeploysAServerRunsSnapshotWithoutUploading() throws {
        let command = try DeploymentCreateCommand.parse([
            "-e", "bot", "-n", "blue", "--run", "nightly-eval", "--variant", "${summarize.variant_1}",
        ])
        let request = try DeploymentRequest(command.options, creating: true)
        #expect(request.flowFolder == nil)
        let body = try request.body(snapshotID: nil)
        #expect(body["run"] == "nightly-eval" && body["variant"] == "${summarize.variant_1}")
        #expect(body["snapshot_id"] == nil && body["model"] == nil)
        #expect(throws: CLIError.self) {
            try DeploymentRequest(
                DeploymentCreateCommand.parse(["-e", "bot", "-n", "b", "--run", "r", "--flow", "f"]).options,
                creating: true)
        }
    }

    @Test func allTrafficMovesEveryOtherDeploymentToZero() throws {
        #expect(DeploymentCreateCommand.allTraffic(to: "green", current: ["blue": 100]) == ["blue": 0, "green": 100])
        #expect(DeploymentCreateCommand.allTraffic(to: "blue", current: [:]) == ["blue": 100])
    }

    @Test func tarHoldsTheFlowFilesWithoutToolingFolders() async throws {
        let folder = try TemporaryDirectory()
        let flow = try flowFolder(in: folder)
        let bytes = try await FlowArchive.tar(folder: flow.path)
        let archive = try folder.write("upload.tar", "")
        try Data(bytes).write(to: archive)
        let listing = try tar(["-t", "-f", archive.path])
        let names = Set(
            listing.split(separator: "\n").map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : String($0) })
        #expect(names.contains("flow.dag.yaml") && names.contains("tools/step.py"))
        #expect(!names.contains { $0.contains(".git") || $0.contains("__pycache__") || $0.contains(".venv") })
        let extracted = folder.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
        _ = try tar(["-x", "-f", archive.path, "-C", extracted.path])
        #expect(
            try String(contentsOf: extracted.appendingPathComponent("tools/step.py"), encoding: .utf8) == "print('x')\n"
        )
        await #expect(throws: CLIError.self) {
            try await FlowArchive.tar(folder: folder.url.appendingPathComponent("none").path)
        }
    }

    @Test func listAndShowTables() throws {
        let list = try FlowValue(
            json: """
                [{"name": "blue", "endpoint_name": "bot", "provisioning_state": "Succeeded", "instance_count": 2,
                  "snapshot_id": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
                 {"name": "green", "endpoint_name": "bot", "provisioning_state": "Creating", "instance_count": 1,
                  "snapshot_id": null}]
                """)
        #expect(
            ResourceTable.deployments(list.listValue ?? []) == """
                NAME   ENDPOINT  STATE      INSTANCES  SNAPSHOT
                blue   bot       Succeeded  2          0123456789ab
                green  bot       Creating   1          -

                """)
        let shown = ResourceTable.deployment(
            try FlowValue(
                json: """
                    {"name": "blue", "endpoint_name": "bot", "provisioning_state": "Failed", "instance_count": 1,
                     "model": null, "snapshot_id": null,
                     "request_settings": {"request_timeout_ms": 5000, "max_concurrent_requests_per_instance": 1, "max_queue_wait_ms": 500},
                     "environment_variables": {"A": "1"}, "failure": {"code": "BadArgument", "message": "flow.dag.yaml:3: bad"}}
                    """))
        var fields: [String: String] = [:]
        for line in shown.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            fields[String(parts[0])] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        #expect(fields["request settings"] == "timeout 5000 ms, 1 concurrent per instance, queue wait 500 ms")
        #expect(fields["failure"] == "BadArgument: flow.dag.yaml:3: bad")
        #expect(fields["environment variables"] == "A=1")
        #expect(fields["snapshot"] == "-" && fields["state"] == "Failed")
    }

    @Test func operationTableAndStageLines() throws {
        let operation = try FlowValue(
            json: """
                {"id": "op1", "kind": "create", "target": {"endpoint": "bot", "deployment": "blue"}, "status": "Failed",
                 "stages": [{"name": "flow registered", "status": "Succeeded", "started_at": "t1", "ended_at": "t2", "message": null},
                            {"name": "environment built", "status": "Failed", "started_at": "t2", "ended_at": "t3", "message": "pip failed"}],
                 "error": {"code": "EnvironmentBuildFailure", "message": "pip failed"}, "created_at": "t0", "updated_at": "t3"}
                """)
        #expect(
            ResourceTable.operations([operation]) == """
                ID   KIND    TARGET    STATUS  STAGE              CREATED
                op1  create  bot/blue  Failed  environment built  t0

                """)
        let shown = ResourceTable.operation(operation)
        #expect(shown.contains("error:   EnvironmentBuildFailure: pip failed\n"))
        #expect(shown.contains("environment built  Failed     t2       t3     pip failed\n"))
        #expect(
            OperationFollower.line(name: "flow registered", status: "Succeeded", message: nil) == "✓ flow registered")
        #expect(
            OperationFollower.line(name: "environment built", status: "Failed", message: "pip failed")
                == "✗ environment built (failed): pip failed")
        #expect(
            try OperationListCommand.parse(["-e", "bot", "--limit", "5"]).path == "/operations?endpoint=bot&limit=5")
        #expect(try OperationListCommand.parse([]).path == "/operations?limit=50")
    }

    /// Runs the system tar and returns what it prints.
    func tar(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
