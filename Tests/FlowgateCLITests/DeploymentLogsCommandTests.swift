import Foundation
import Synchronization
import Testing

/// `flowgate deployment get-logs` through the binary against a real server: the tail, one instance's lines, and
/// `--follow` printing a line written after it started, until the deployment is deleted and the server ends it.
@Suite(.serialized) struct DeploymentLogsCommandTests {
    /// A running `flowgate … get-logs --follow` and what it printed so far.
    final class Follower: Sendable {
        final class Printed: Sendable {
            let text = Mutex("")
        }

        let process: Process
        let printed = Printed()

        init(_ arguments: [String], environment: [String: String]) throws {
            let process = Process()
            process.executableURL = FlowgateProcess.executable
            process.arguments = arguments
            process.currentDirectoryURL = FlowgateProcess.repositoryRoot
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            let printed = self.printed
            out.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    return
                }
                printed.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
            self.process = process
        }

        var text: String { printed.text.withLock { $0 } }

        /// Polls (generously) until `condition` holds.
        func wait(_ what: String, _ condition: @Sendable (Follower) -> Bool) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(60))
            while !condition(self) {
                guard clock.now < deadline else {
                    Issue.record("timed out waiting for \(what); printed: \(text.suffix(2_000))")
                    throw CancellationError()
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        func stop() {
            if process.isRunning { process.terminate() }
        }
    }

    @Test func followPrintsANewLineUntilTheDeploymentIsDeleted() async throws {
        let platform = try await ManagementClientServer()
        var follower: Follower?
        do {
            try await follow(platform, &follower)
        } catch {
            Issue.record(error)
        }
        follower?.stop()
        await platform.stop()
    }

    func follow(_ platform: ManagementClientServer, _ follower: inout Follower?) async throws {
        let work = try TemporaryDirectory()
        try work.write("flow/flow.dag.yaml", "inputs: {}\noutputs: {}\nnodes: []\n")
        let endpoint = try await platform.flowgate(["endpoint", "create", "--name", "logs-cli"])
        #expect(endpoint.status == 0, "\(endpoint.stderr)")
        _ = try await platform.flowgate(
            ["deployment", "create", "-e", "logs-cli", "-n", "blue", "--flow", work.url.appendingPathComponent("flow").path])

        let tail = try await platform.flowgate(
            ["deployment", "get-logs", "-e", "logs-cli", "-n", "blue", "--instance", "provisioning", "--lines", "2"])
        #expect(tail.status == 0, "\(tail.stderr)")
        let lines = tail.stdout.split(separator: "\n")
        #expect(!lines.isEmpty && lines.count <= 2 && lines.allSatisfy { $0.contains(" [provisioning] ") }, "\(tail.stdout)")

        let running = try Follower(
            ["deployment", "get-logs", "-e", "logs-cli", "-n", "blue", "--follow", "--lines", "1"],
            environment: platform.environment)
        follower = running
        try await running.wait("the tail") { $0.text.contains("[provisioning]") }
        #expect(running.process.isRunning, "--follow keeps the answer open")

        let marker = "written-after-follow-\(UUID().uuidString)"
        platform.server.controlPlane.reconciler.deploymentLog(endpoint: "logs-cli", deployment: "blue")
            .append(source: "blue-0", text: marker)
        try await running.wait("the new line") { $0.text.contains("[blue-0] \(marker)") }

        let deleted = try await platform.flowgate(["deployment", "delete", "-e", "logs-cli", "-n", "blue"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        try await running.wait("get-logs to end with the deployment") { !$0.process.isRunning }
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 0)

        let missing = try await platform.flowgate(["deployment", "get-logs", "-e", "logs-cli", "-n", "blue", "--follow"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("404") || missing.stderr.lowercased().contains("not found"), "\(missing.stderr)")
    }
}
