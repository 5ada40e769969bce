import Foundation

/// Runs a system archive tool (`tar`, `unzip`) without a shell and off the cooperative pool, in the C locale with
/// a fixed PATH. Its standard output is returned; its messages go to a temporary file (so a chatty tool cannot
/// block on a full pipe while stdout is read) and become the error, after `failure`, when it exits non-zero.
/// One runner for the snapshot store, the API's zip uploads and the CLI's flow archives.
public enum ArchiveTool {
    /// The system `tar`.
    public static var tarPath: String {
        ["/usr/bin/tar", "/bin/tar"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/tar"
    }

    /// Runs `executable` with `arguments`; `failure` starts the error when it exits non-zero
    /// (e.g. "tar cannot read the archive").
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], failure: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runNow(executable, arguments, failure: failure) })
            }
        }
    }

    private static func runNow(_ executable: String, _ arguments: [String], failure: String) throws -> String {
        let name = URL(fileURLWithPath: executable).lastPathComponent
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["LC_ALL": "C", "PATH": "/usr/bin:/bin"]
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-\(name)-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil),
            let errors = FileHandle(forWritingAtPath: errorFile.path)
        else { throw SnapshotError("cannot create a temporary file for \(name)'s messages") }
        defer {
            try? errors.close()
            try? FileManager.default.removeItem(at: errorFile)
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SnapshotError("cannot run \(name): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(
                decoding: (FileManager.default.contents(atPath: errorFile.path) ?? Data()).prefix(2_000), as: UTF8.self
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            throw SnapshotError("\(failure): \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
