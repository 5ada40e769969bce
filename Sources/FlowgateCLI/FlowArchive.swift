import Foundation
import Platform

/// Packs a flow folder into a tar archive for `POST /api/v1/snapshots`, with the system `tar` (no shell): the
/// folder's contents at the archive's top level, without the tooling folders snapshots skip (`.git`, `.venv`, …).
enum FlowArchive {
    /// The archive's bytes; the folder must exist and the archive must fit the server's 64 MiB limit.
    static func tar(folder: String) async throws -> [UInt8] {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("the flow folder \(folder) does not exist or is not a folder.")
        }
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-upload-\(UUID().uuidString).tar")
        defer { try? FileManager.default.removeItem(at: archive) }
        let excludes = FlowSnapshots.skippedNames.sorted().map { "--exclude=\($0)" }
        try await run(["-c", "-f", archive.path] + excludes + ["-C", url.path, "."])
        guard let data = FileManager.default.contents(atPath: archive.path) else {
            throw CLIError("tar wrote no archive for \(folder).")
        }
        guard data.count <= SnapshotLimits().maxBytes else {
            throw CLIError("the flow folder \(folder) packs to \(data.count) bytes; a snapshot holds at most 64 MiB.")
        }
        return [UInt8](data)
    }

    /// Runs `tar` off the cooperative pool and fails with its message when it exits non-zero.
    private static func run(_ arguments: [String]) async throws {
        do {
            try await ArchiveTool.run(ArchiveTool.tarPath, arguments, failure: "tar cannot pack the flow folder")
        } catch let error as SnapshotError {
            throw CLIError(error.message)
        }
    }
}
