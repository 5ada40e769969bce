import Foundation
import Synchronization

/// Finds the Python interpreter Flowgate uses: `FLOWGATE_PYTHON` when set, else `python3` on PATH.
/// A launcher script in front (pyenv's shim) is resolved once per process to the interpreter it runs.
public enum PythonInterpreter {
    /// Interpreters already asked for `sys.executable`, by the launcher's path.
    private static let resolved = Mutex<[String: URL]>([:])

    /// The interpreter to use, resolved to an executable file. A venv's interpreter is kept as it is; a script
    /// (`#!`) such as pyenv's shim is replaced by the `sys.executable` it reports, so workers skip the shell.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PythonWorkerError) -> URL
    {
        real(try found(environment))
    }

    private static func found(_ environment: [String: String]) throws(PythonWorkerError) -> URL {
        if let configured = environment["FLOWGATE_PYTHON"], !configured.isEmpty {
            if configured.contains("/") {
                guard FileManager.default.isExecutableFile(atPath: configured) else {
                    throw .pythonNotFound("FLOWGATE_PYTHON=\(configured) is not an executable file")
                }
                return URL(fileURLWithPath: configured)
            }
            if let found = search(configured, path: environment["PATH"]) { return found }
            throw .pythonNotFound("FLOWGATE_PYTHON=\(configured) is not on PATH")
        }
        if let found = search("python3", path: environment["PATH"]) { return found }
        throw .pythonNotFound("python3 is not on PATH (set FLOWGATE_PYTHON to an interpreter)")
    }

    private static func search(_ name: String, path: String?) -> URL? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// `candidate`, or for a launcher script the interpreter it starts (asked once, then cached). A launcher
    /// that cannot tell is kept: it still runs Python, only slower.
    private static func real(_ candidate: URL) -> URL {
        if isInVenv(candidate) || !isScript(candidate) { return candidate }
        if let cached = resolved.withLock({ $0[candidate.path] }) { return cached }
        let executable = askExecutable(candidate) ?? candidate
        resolved.withLock { $0[candidate.path] = executable }
        return executable
    }

    /// A venv's `bin/python` sits next to `pyvenv.cfg`'s folder; it must stay the venv's, not its base.
    static func isInVenv(_ candidate: URL) -> Bool {
        let root = candidate.deletingLastPathComponent().deletingLastPathComponent()
        return FileManager.default.fileExists(atPath: root.appendingPathComponent("pyvenv.cfg").path)
    }

    /// Whether the file starts with `#!`, a script the kernel hands to a shell or other program.
    static func isScript(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 2)) ?? Data()
        return head == Data("#!".utf8)
    }

    private static func askExecutable(_ launcher: URL) -> URL? {
        let process = Process()
        process.executableURL = launcher
        process.arguments = ["-c", "import sys; sys.stdout.write(sys.executable or '')"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let data: Data
        do {
            try process.run()
            data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
        } catch {
            return nil
        }
        let path = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, path.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }
}
