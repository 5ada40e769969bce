import Foundation

/// Checks that a path written in a flow file names something inside the flow folder.
/// Absolute paths, `..` that climbs out and symlinks that resolve outside are refused, never followed.
struct PathGuard {
    /// The flow folder with symlinks resolved.
    let root: String

    init(directory: URL) {
        root = PathGuard.realPath(directory.path) ?? directory.standardizedFileURL.path
    }

    enum Problem: Equatable {
        case absolute
        case escapes
        case symlinkEscapes
        case missing
    }

    /// Checks `path` (relative to the flow folder); `mustExist` adds the missing-file check.
    func check(_ path: String, mustExist: Bool = true) -> Problem? {
        if path.hasPrefix("/") || path.hasPrefix("~") || path.hasPrefix("\\") || path.dropFirst().hasPrefix(":\\") {
            return .absolute
        }
        var depth = 0
        for component in path.split(whereSeparator: { $0 == "/" || $0 == "\\" }) {
            if component == ".." {
                depth -= 1
                if depth < 0 { return .escapes }
            } else if component != "." {
                depth += 1
            }
        }
        let full = root + "/" + path
        guard let real = PathGuard.realPath(full) else {
            // A dangling symlink is missing, unless it points out of the folder.
            if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
                let base = (full as NSString).deletingLastPathComponent
                let target = destination.hasPrefix("/") ? destination : base + "/" + destination
                let standardized = URL(fileURLWithPath: target).standardizedFileURL.path
                if standardized != root && !standardized.hasPrefix(root + "/") { return .symlinkEscapes }
            }
            return mustExist ? .missing : nil
        }
        if real != root && !real.hasPrefix(root + "/") { return .symlinkEscapes }
        return nil
    }

    /// A sentence explaining `problem` for a path found at `what` (e.g. "node 'x' source path").
    static func message(_ problem: Problem, what: String, path: String) -> String {
        switch problem {
        case .absolute:
            "\(what) '\(path)' is an absolute path; paths must be relative to the flow folder"
        case .escapes:
            "\(what) '\(path)' leaves the flow folder; Flowgate only reads files inside the flow folder"
        case .symlinkEscapes:
            "\(what) '\(path)' is a symlink that resolves outside the flow folder; Flowgate does not follow it"
        case .missing:
            "\(what) '\(path)' does not exist in the flow folder"
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
