import Foundation

/// Finds the Python interpreter Flowgate uses: `FLOWGATE_PYTHON` when set, else `python3` on PATH.
/// Venvs are built from it; a flow without requirements runs on it directly.
public enum PythonInterpreter {
    /// The interpreter to use, resolved to an executable file.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PythonWorkerError) -> URL
    {
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
}
