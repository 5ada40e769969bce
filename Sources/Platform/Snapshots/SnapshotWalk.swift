import Foundation

/// Lists the files of a flow folder for a snapshot: relative paths in byte order, regular files only.
/// A symlink, socket or device anywhere is an error naming it; the file count and total size are bounded.
struct SnapshotWalk {
    let root: URL
    let limits: SnapshotLimits

    /// The relative paths (`/`-separated) of every file to copy, sorted by their UTF-8 bytes.
    func files() throws(SnapshotError) -> [String] {
        guard kind(of: root.path) == .typeDirectory else {
            throw SnapshotError("\(root.lastPathComponent) is not a folder")
        }
        var found: [String] = []
        var total = 0
        try walk("", into: &found, total: &total)
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func walk(_ relative: String, into found: inout [String], total: inout Int) throws(SnapshotError) {
        let folder = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let children: [String]
        do {
            children = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw SnapshotError("cannot list '\(relative.isEmpty ? "." : relative)'")
        }
        for child in children where !FlowSnapshots.skippedNames.contains(child) {
            let path = relative.isEmpty ? child : relative + "/" + child
            let url = root.appendingPathComponent(path)
            switch kind(of: url.path) {
            case .typeDirectory:
                try walk(path, into: &found, total: &total)
            case .typeRegular:
                found.append(path)
                if found.count > limits.maxFiles {
                    throw SnapshotError("the flow has more than \(limits.maxFiles) files")
                }
                total += size(of: url.path)
                if total > limits.maxBytes { throw SnapshotError("the flow is larger than \(limits.maxBytes) bytes") }
            case .typeSymbolicLink:
                throw SnapshotError(
                    "'\(path)' is a symbolic link; snapshots take regular files only, copy its target in")
            default:
                throw SnapshotError("'\(path)' is not a regular file or folder")
            }
        }
    }

    /// The contents of `relative`, refusing it if it became a symlink or something else since the listing.
    static func read(_ relative: String, under root: URL) throws(SnapshotError) -> Data {
        let path = root.appendingPathComponent(relative).path
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw SnapshotError("cannot read '\(relative)' (it changed or is a link)") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw SnapshotError("cannot read '\(relative)'")
        }
    }

    private func kind(of path: String) -> FileAttributeType? {
        // attributesOfItem does not follow a final symlink, so a link reports itself.
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    private func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
