import Crypto
import Foundation

/// The content-addressed flow copies under `<data-dir>/snapshots/<sha256>/`: files 0444, folders 0555.
/// Registering the same content twice returns the same snapshot; symlinks and special files are refused.
///
/// The hash covers, in byte order of their relative paths, each file's path, length and contents
/// (`FlowSnapshots.hashVersion` first), so it does not depend on timestamps, modes or the order of a directory listing.
/// Folders that are tooling state rather than the flow (`.git`, `__pycache__`, `.promptflow`, `.venv`) are skipped.
public struct FlowSnapshots: Sendable {
    /// The folder's name inside the data directory.
    public static let folderName = "snapshots"
    /// Names skipped wherever they appear.
    public static let skippedNames: Set<String> = [".git", "__pycache__", ".promptflow", ".venv", ".DS_Store"]
    static let hashVersion = "flowgate-snapshot-v1"

    /// The folder holding every snapshot.
    public let root: URL
    public let limits: SnapshotLimits

    public init(directory: DataDirectory, limits: SnapshotLimits = SnapshotLimits()) {
        self.root = directory.file(Self.folderName)
        self.limits = limits
    }

    /// Where the snapshot `id` lives (whether or not it exists); `nil` when `id` is not a snapshot id,
    /// so an id from a request can never name a path outside the snapshots folder.
    public func folder(of id: String) -> URL? {
        FlowSnapshot.isValidID(id) ? root.appendingPathComponent(id) : nil
    }

    /// Whether the snapshot `id` exists.
    public func contains(_ id: String) -> Bool {
        FlowSnapshot.isValidID(id) && FileManager.default.fileExists(atPath: root.appendingPathComponent(id).path)
    }

    /// Copies `folder` into a snapshot (or finds the one with the same content) and returns it.
    public func register(folder: URL) throws(SnapshotError) -> FlowSnapshot {
        let source = folder.standardizedFileURL.resolvingSymlinksInPath()
        let files = try SnapshotWalk(root: source, limits: limits).files()
        try createRoot()
        let staging = root.appendingPathComponent(".incoming-\(UUID().uuidString)")
        var hasher = SHA256()
        hasher.update(data: Data((Self.hashVersion + "\0").utf8))
        var byteCount = 0
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                let data = try SnapshotWalk.read(file, under: source)
                byteCount += data.count
                if byteCount > limits.maxBytes {
                    throw SnapshotError("the flow is larger than \(limits.maxBytes) bytes")
                }
                hasher.update(data: Data(file.utf8) + Data([0]))
                withUnsafeBytes(of: UInt64(data.count).bigEndian) { hasher.update(bufferPointer: $0) }
                hasher.update(data: data)
                let target = staging.appendingPathComponent(file)
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target.path, contents: data) else {
                    throw SnapshotError("cannot write '\(file)' into the snapshot")
                }
            }
        } catch {
            Self.remove(staging)
            throw error as? SnapshotError ?? SnapshotError("cannot copy the flow: \(error.localizedDescription)")
        }
        let id = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let snapshot = FlowSnapshot(id: id, fileCount: files.count, byteCount: byteCount)
        let destination = root.appendingPathComponent(id)
        if FileManager.default.fileExists(atPath: destination.path) {
            Self.remove(staging)
            return snapshot
        }
        Self.seal(staging)
        if rename(staging.path, destination.path) != 0 {
            // Another registration of the same content won the race; its copy is identical.
            Self.remove(staging)
            guard FileManager.default.fileExists(atPath: destination.path) else {
                throw SnapshotError("cannot move the snapshot into place (errno \(errno))")
            }
        }
        return snapshot
    }

    /// Deletes a snapshot (for garbage collection once no deployment uses it).
    public func remove(_ id: String) {
        guard FlowSnapshot.isValidID(id) else { return }
        Self.remove(root.appendingPathComponent(id))
    }

    private func createRoot() throws(SnapshotError) {
        do {
            try FileManager.default.createDirectory(
                at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SnapshotError("cannot create \(root.path): \(error.localizedDescription)")
        }
    }

    /// Makes a copied tree read-only: files 0444, folders 0555, deepest first.
    static func seal(_ tree: URL) {
        setModes(tree, file: 0o444, directory: 0o555)
    }

    /// Removes a tree that may be read-only.
    static func remove(_ tree: URL) {
        setModes(tree, file: 0o644, directory: 0o755)
        try? FileManager.default.removeItem(at: tree)
    }

    private static func setModes(_ tree: URL, file: Int16, directory: Int16) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: tree.path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            // Open the folder before listing it, then close it after its children.
            try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tree.path)
            for child in (try? manager.contentsOfDirectory(atPath: tree.path)) ?? [] {
                setModes(tree.appendingPathComponent(child), file: file, directory: directory)
            }
            try? manager.setAttributes([.posixPermissions: directory], ofItemAtPath: tree.path)
        } else {
            try? manager.setAttributes([.posixPermissions: file], ofItemAtPath: tree.path)
        }
    }
}
