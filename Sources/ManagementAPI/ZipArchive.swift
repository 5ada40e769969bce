import Foundation
import Platform

/// An uploaded zip archive of a flow folder, unpacked with the system `unzip` after its listing is checked:
/// only files and folders, no absolute paths, no `..`, within the snapshot limits; then registered as a snapshot.
struct ZipArchive {
    static let unzipPath = "/usr/bin/unzip"

    let file: URL
    let limits: SnapshotLimits

    /// Unpacks into a folder under `work` and registers it; a single top-level folder is the flow itself.
    func register(in snapshots: FlowSnapshots, work: URL) async throws -> FlowSnapshot {
        let names = try await Self.run(["-Z1", file.path]).split(separator: "\n").map(String.init)
        let lines = try await Self.run(["-Z", file.path]).split(separator: "\n").map(String.init)
        // The long listing has header lines, then one line per member, then a trailer line.
        guard lines.count >= names.count + 2,
            lines.last?.contains(" files, ") ?? false || lines.last?.contains(" file, ") ?? false
        else { throw SnapshotError("the zip listing is inconsistent") }
        try check(names: names, entries: Array(lines.dropLast().suffix(names.count)))
        let staging = work.appendingPathComponent("flow")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        try await Self.run(["-q", "-o", file.path, "-d", staging.path])
        var flow = staging
        let children = (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []
        var isDirectory: ObjCBool = false
        if children.count == 1,
            FileManager.default.fileExists(
                atPath: staging.appendingPathComponent(children[0]).path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            flow = staging.appendingPathComponent(children[0])
        }
        return try snapshots.register(folder: flow)
    }

    /// Refuses members that are links or special files, leave the folder, or exceed the limits.
    func check(names: [String], entries: [String]) throws(SnapshotError) {
        guard names.count <= limits.maxFiles else {
            throw SnapshotError("the archive has more than \(limits.maxFiles) members")
        }
        var total = 0
        for (name, entry) in zip(names, entries) {
            let components = name.split(separator: "/", omittingEmptySubsequences: true)
            if name.hasPrefix("/") || name.hasPrefix("~") || components.contains("..") || name.contains("\\") {
                throw SnapshotError("the archive member '\(name.prefix(200))' points outside the flow folder")
            }
            // zipinfo's short format: mode version os size type method date time name.
            let fields = entry.split(separator: " ", omittingEmptySubsequences: true)
            guard let type = fields.first?.first, fields.count > 3, let size = Int(fields[3]) else {
                throw SnapshotError("cannot read the zip listing for '\(name.prefix(200))'")
            }
            guard type == "-" || type == "d" else {
                throw SnapshotError("the archive member '\(name.prefix(200))' is not a file or folder")
            }
            total += size
            if total > limits.maxBytes {
                throw SnapshotError("the archive unpacks to more than \(limits.maxBytes) bytes")
            }
        }
    }

    /// Runs `unzip` (no shell) and returns its standard output; its messages become the error.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: unzipPath) else {
            throw SnapshotError("zip archives need \(unzipPath); upload a tar archive instead")
        }
        return try await ArchiveTool.run(unzipPath, arguments, failure: "unzip cannot read the archive")
    }
}
