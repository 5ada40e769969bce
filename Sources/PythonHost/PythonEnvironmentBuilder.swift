import Foundation

/// Builds a flow's venv from its `requirements.txt` once, under `<data directory>/<python>-<hash>`, keyed by
/// SHA-256 of the requirements text and the interpreter (version and path); later builds reuse it.
///
/// Venvs use `--system-site-packages`, so packages installed with the interpreter (the real `promptflow`,
/// for instance) stay visible. A build happens in a temporary folder renamed into place when pip succeeded,
/// so a failed or interrupted build leaves nothing a later run could mistake for an environment. The
/// hash is computed by the interpreter itself (`hashlib`), since PythonHost imports Foundation only.
public struct PythonEnvironmentBuilder: Sendable {
    /// Where environments live: `$FLOWGATE_HOME/envs` (FLOWGATE_HOME defaults to `~/.flowgate`).
    public var dataDirectory: URL
    /// The interpreter venvs are made from (and used as is for flows without requirements).
    public var basePython: URL

    public init(dataDirectory: URL? = nil, basePython: URL? = nil) throws {
        self.dataDirectory = dataDirectory ?? Self.defaultDataDirectory()
        self.basePython = try basePython ?? PythonInterpreter.resolve()
    }

    /// `$FLOWGATE_HOME/envs`, or `~/.flowgate/envs`.
    public static func defaultDataDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        let home =
            environment["FLOWGATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".flowgate")
        return home.appendingPathComponent("envs")
    }

    /// Whether a requirements text asks for anything (lines other than blanks and `#` comments).
    public static func hasRequirements(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).contains { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
    }

    /// The environment for a requirements file (relative paths in it are relative to its folder).
    public func environment(
        requirementsFile: URL, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> PythonEnvironment {
        let text = try String(contentsOf: requirementsFile, encoding: .utf8)
        return try await environment(
            requirements: text, workingDirectory: requirementsFile.deletingLastPathComponent(), progress: progress)
    }

    /// The environment for a requirements text: the system interpreter when it asks for nothing, else the
    /// venv for its hash, built now (pip's output goes to `progress` line by line) unless it exists.
    public func environment(
        requirements: String, workingDirectory: URL, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> PythonEnvironment {
        guard Self.hasRequirements(requirements) else {
            return PythonEnvironment(python: basePython, directory: nil)
        }
        let name = try await environmentName(requirements: requirements)
        let final = dataDirectory.appendingPathComponent(name, isDirectory: true)
        let finalPython = final.appendingPathComponent("bin/python", isDirectory: false)
        if FileManager.default.isExecutableFile(atPath: finalPython.path) {
            return PythonEnvironment(python: finalPython, directory: final)
        }
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let staging = dataDirectory.appendingPathComponent(".building-\(name)-\(UUID().uuidString.prefix(8))")
        do {
            try await build(
                in: staging, requirements: requirements, finalPath: final.path, workingDirectory: workingDirectory,
                progress: progress)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        if rename(staging.path, final.path) != 0 {
            let failure = errno
            // Another build of the same requirements finished first: use it.
            try? FileManager.default.removeItem(at: staging)
            guard FileManager.default.isExecutableFile(atPath: finalPython.path) else {
                throw PythonEnvironmentError(
                    step: "rename into \(final.path)", status: failure, output: String(cString: strerror(failure)))
            }
        }
        progress("python environment ready: \(final.path)")
        return PythonEnvironment(python: finalPython, directory: final)
    }

    private func environmentName(requirements: String) async throws -> String {
        let script = """
            import hashlib, os, sys
            version = "%d.%d.%d" % sys.version_info[:3]
            identity = version + "\\n" + os.path.realpath(sys.executable) + "\\n"
            print("py" + version + "-" + hashlib.sha256(identity.encode() + sys.argv[1].encode()).hexdigest()[:32])
            """
        let lines = LineCollector()
        let outcome = try await CommandRunner.run(basePython, ["-c", script, requirements], progress: lines.append)
        guard outcome.status == 0, let name = lines.lines.last, name.hasPrefix("py") else {
            throw PythonEnvironmentError(
                step: "\(basePython.path) -c <hash>", status: outcome.status,
                output: outcome.lastLines.joined(separator: "\n"))
        }
        return name
    }

    private func build(
        in staging: URL, requirements: String, finalPath: String, workingDirectory: URL,
        progress: @escaping @Sendable (String) -> Void
    ) async throws {
        progress("creating python environment (\(staging.lastPathComponent))")
        // Reuse the base interpreter's pip when it has one (no ensurepip: seconds faster, works offline).
        let basePip = try await CommandRunner.run(basePython, ["-c", "import pip"], progress: { _ in })
        var venvArguments = [
            "-m", "venv", "--system-site-packages", "--prompt", URL(fileURLWithPath: finalPath).lastPathComponent,
        ]
        if basePip.status == 0 { venvArguments.append("--without-pip") }
        try await step("python -m venv", basePython, venvArguments + [staging.path], progress: progress)

        let requirementsFile = staging.appendingPathComponent("flowgate-requirements.txt")
        try requirements.write(to: requirementsFile, atomically: true, encoding: .utf8)
        let python = staging.appendingPathComponent("bin/python")
        try await step(
            "pip install -r requirements.txt", python,
            [
                "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
                "-r", requirementsFile.path,
            ], workingDirectory: workingDirectory, progress: progress)
        try relocateScripts(in: staging.appendingPathComponent("bin"), from: staging.path, to: finalPath)
    }

    private func step(
        _ name: String, _ executable: URL, _ arguments: [String], workingDirectory: URL? = nil,
        progress: @escaping @Sendable (String) -> Void
    ) async throws {
        let outcome = try await CommandRunner.run(
            executable, arguments, workingDirectory: workingDirectory, progress: progress)
        guard outcome.status == 0 else {
            throw PythonEnvironmentError(
                step: name, status: outcome.status, output: outcome.lastLines.joined(separator: "\n"))
        }
    }

    /// Scripts pip wrote into `bin/` (shebangs, `activate`) name the staging folder; point them at the final one.
    private func relocateScripts(in bin: URL, from old: String, to new: String) throws {
        let manager = FileManager.default
        let oldBytes = Data(old.utf8)
        for name in try manager.contentsOfDirectory(atPath: bin.path) {
            let file = bin.appendingPathComponent(name)
            let attributes = try manager.attributesOfItem(atPath: file.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular,
                (attributes[.size] as? NSNumber)?.intValue ?? 0 < 1 << 20,
                let data = manager.contents(atPath: file.path), data.range(of: oldBytes) != nil
            else { continue }
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: old, with: new)
            try Data(text.utf8).write(to: file)
            if let permissions = attributes[.posixPermissions] {
                try manager.setAttributes([.posixPermissions: permissions], ofItemAtPath: file.path)
            }
        }
    }
}

/// Collects a command's lines (used where the output is a result, not progress).
private final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    var lines: [String] { lock.withLock { collected } }

    func append(_ line: String) {
        lock.withLock { collected.append(line) }
    }
}
