import Foundation

/// Where the `flowgate` executable that process instances run is found: `FLOWGATE_EXECUTABLE` when set, the running
/// binary when it is `flowgate`, else a `flowgate` beside it (a test bundle's products folder) or in `.build/*`.
enum ProcessExecutable {
    /// `nil` when no `flowgate` executable is found.
    static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        current: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? "flowgate"),
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> URL? {
        let running = current.resolvingSymlinksInPath()
        var candidates: [URL] = []
        if let configured = environment["FLOWGATE_EXECUTABLE"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        if running.lastPathComponent == "flowgate" { candidates.append(running) }
        candidates.append(running.deletingLastPathComponent().appendingPathComponent("flowgate"))
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("flowgate"))
        candidates.append(bundle.appendingPathComponent("flowgate"))
        for configuration in ["debug", "release"] {
            candidates.append(workingDirectory.appendingPathComponent(".build/\(configuration)/flowgate"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
