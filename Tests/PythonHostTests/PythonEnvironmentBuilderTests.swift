import Foundation
import Testing

@testable import PythonHost

@Suite("PythonEnvironmentBuilder")
struct PythonEnvironmentBuilderTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-envs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A wheel of a one-module package `tinypkg` (VALUE = 42), written into `directory`, so pip installs it offline.
    private func makeWheel(in directory: URL) async throws {
        let script = """
            import base64, hashlib, sys, zipfile
            files = {
                "tinypkg/__init__.py": "VALUE = 42\\n",
                "tinypkg-1.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: tinypkg\\nVersion: 1.0\\n",
                "tinypkg-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: flowgate-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
            }
            record = []
            with zipfile.ZipFile(sys.argv[1] + "/tinypkg-1.0-py3-none-any.whl", "w") as wheel:
                for name, content in files.items():
                    wheel.writestr(name, content)
                    digest = base64.urlsafe_b64encode(hashlib.sha256(content.encode()).digest()).rstrip(b"=").decode()
                    record.append("%s,sha256=%s,%d" % (name, digest, len(content)))
                record.append("tinypkg-1.0.dist-info/RECORD,,")
                wheel.writestr("tinypkg-1.0.dist-info/RECORD", "\\n".join(record) + "\\n")
            """
        let outcome = try await CommandRunner.run(try PythonInterpreter.resolve(), ["-c", script, directory.path]) {
            _ in
        }
        #expect(outcome.status == 0)
    }

    private func entries(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test func buildsOnceWithProgressAndReusesTheEnvironment() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let packages = root.appendingPathComponent("packages")
        try FileManager.default.createDirectory(at: packages, withIntermediateDirectories: true)
        try await makeWheel(in: packages)
        let flow = root.appendingPathComponent("flow")
        try FileManager.default.createDirectory(at: flow, withIntermediateDirectories: true)
        let requirements = flow.appendingPathComponent("requirements.txt")
        try "# tools need tinypkg\n--no-index\n--find-links ../packages\ntinypkg==1.0\n".write(
            to: requirements, atomically: true, encoding: .utf8)

        let builder = try PythonEnvironmentBuilder(dataDirectory: root.appendingPathComponent("envs"))
        let progress = ToolLines()
        let environment = try await builder.environment(requirementsFile: requirements, progress: progress.append)
        let directory = try #require(environment.directory)
        #expect(directory.deletingLastPathComponent().path == root.appendingPathComponent("envs").path)
        #expect(directory.lastPathComponent.hasPrefix("py3."))
        #expect(environment.python.path == directory.appendingPathComponent("bin/python").path)
        #expect(progress.lines.contains { $0.contains("Successfully installed tinypkg-1.0") })
        // Only the finished environment is left in the data directory.
        #expect(entries(root.appendingPathComponent("envs")) == [directory.lastPathComponent])
        // Its interpreter sees the package; activate names the final folder, not the staging one.
        let check = ToolLines()
        let outcome = try await CommandRunner.run(
            environment.python, ["-c", "import tinypkg, sys; print(tinypkg.VALUE, sys.prefix)"], progress: check.append)
        #expect(outcome.status == 0)
        #expect(check.lines == ["42 \(directory.path)"])
        let activate = try String(contentsOf: directory.appendingPathComponent("bin/activate"), encoding: .utf8)
        #expect(activate.contains(directory.path) && !activate.contains(".building-"))

        // Second build: same path, no pip run, fast.
        let again = ToolLines()
        let clock = ContinuousClock()
        let start = clock.now
        let reused = try await builder.environment(requirementsFile: requirements, progress: again.append)
        #expect(reused == environment)
        #expect(clock.now - start < .seconds(10))  // no pip run: the check below is the real one
        #expect(!again.lines.contains { $0.contains("Successfully installed") })

        // A worker runs on it and the tool imports the package.
        let toolDirectory = flow.appendingPathComponent("tools")
        try FileManager.default.createDirectory(at: toolDirectory, withIntermediateDirectories: true)
        try "from promptflow.core import tool\nimport tinypkg\n\n@tool\ndef value() -> int:\n    return tinypkg.VALUE\n"
            .write(to: toolDirectory.appendingPathComponent("value.py"), atomically: true, encoding: .utf8)
        let worker = try await PythonWorker.start(
            PythonWorkerConfiguration(python: environment.python, flowDirectory: flow))
        defer { worker.shutdown() }
        #expect(text(try await worker.call(tool: "tools/value.py", arguments: json("{}")).value) == "42")
    }

    @Test func aFailedInstallReportsPipAndLeavesNothingBehind() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let envs = root.appendingPathComponent("envs")
        let builder = try PythonEnvironmentBuilder(dataDirectory: envs)
        let error = await #expect(throws: PythonEnvironmentError.self) {
            try await builder.environment(
                requirements: "--no-index\nflowgate-no-such-package-xyz==1.0\n", workingDirectory: root)
        }
        #expect(error?.step == "pip install -r requirements.txt")
        #expect(error?.output.contains("No matching distribution found for flowgate-no-such-package-xyz") == true)
        #expect(error?.description.contains("No matching distribution") == true)
        #expect(entries(envs) == [])
    }

    @Test func requirementsWithOnlyCommentsUseTheSystemInterpreter() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try PythonEnvironmentBuilder(dataDirectory: root.appendingPathComponent("envs"))
        let environment = try await builder.environment(requirements: "# nothing\n\n   \n", workingDirectory: root)
        #expect(environment == PythonEnvironment(python: builder.basePython, directory: nil))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("envs").path))
        #expect(PythonEnvironmentBuilder.hasRequirements("requests\n"))
        #expect(!PythonEnvironmentBuilder.hasRequirements(""))
    }

    @Test func dataDirectoryDefaultsToFlowgateHome() {
        defer { try? FileManager.default.removeItem(at: root) }  // made by init, unused here
        #expect(
            PythonEnvironmentBuilder.defaultDataDirectory(environment: ["FLOWGATE_HOME": "/srv/fg"]).path
                == "/srv/fg/envs")
        #expect(
            PythonEnvironmentBuilder.defaultDataDirectory(environment: [:]).path
                == FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".flowgate/envs").path)
    }
}

/// Lines handed to a progress callback.
final class ToolLines: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    var lines: [String] { lock.withLock { collected } }

    func append(_ line: String) {
        lock.withLock { collected.append(line) }
    }
}
