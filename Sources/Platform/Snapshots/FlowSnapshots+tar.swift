import Foundation

extension FlowSnapshots {
    /// Registers the flow inside an uploaded tar archive (plain or compressed, as the system `tar` reads it).
    /// The listing is checked before anything is extracted: only files and folders, no absolute paths, no `..`,
    /// within the limits. When the archive holds a single top-level folder, that folder is the flow.
    public func register(tarArchive: URL) async throws -> FlowSnapshot {
        let entries = try await Self.list(tarArchive)
        try check(entries)
        try createDirectory(root)
        let staging = root.appendingPathComponent(".upload-\(UUID().uuidString)")
        try createDirectory(staging)
        defer { Self.remove(staging) }
        // --no-same-owner: files belong to the server's user; -m: no archive times; modes are reset by the copy.
        try await Self.tar(["-x", "-m", "--no-same-owner", "-f", tarArchive.path, "-C", staging.path])
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
        return try register(folder: flow)
    }

    /// One member of an archive as `tar -tv` lists it.
    struct TarEntry: Equatable {
        let name: String
        /// The first letter of the listed mode: `-` file, `d` folder, `l` symlink, `h` hard link, …
        let type: Character
        let size: Int
    }

    /// Refuses an archive whose members are not plain files and folders inside the extraction folder.
    func check(_ entries: [TarEntry]) throws(SnapshotError) {
        guard entries.count <= limits.maxFiles else {
            throw SnapshotError("the archive has more than \(limits.maxFiles) members")
        }
        var total = 0
        for entry in entries {
            let components = entry.name.split(separator: "/", omittingEmptySubsequences: true)
            if entry.name.hasPrefix("/") || components.contains("..") || entry.name.hasPrefix("~") {
                throw SnapshotError("the archive member '\(entry.name.prefix(200))' points outside the flow folder")
            }
            switch entry.type {
            case "-", "d": break
            case "l", "h": throw SnapshotError("the archive member '\(entry.name.prefix(200))' is a link")
            default: throw SnapshotError("the archive member '\(entry.name.prefix(200))' is not a file or folder")
            }
            total += entry.size
            if total > limits.maxBytes {
                throw SnapshotError("the archive unpacks to more than \(limits.maxBytes) bytes")
            }
        }
    }

    /// The archive's members: names from `tar -t`, types and sizes from `tar -tv` (GNU or BSD layout).
    static func list(_ archive: URL) async throws -> [TarEntry] {
        let names = try await tar(["-t", "-f", archive.path]).split(separator: "\n").map(String.init)
        let lines = try await tar(["-t", "-v", "-f", archive.path]).split(separator: "\n")
        guard names.count == lines.count else { throw SnapshotError("the archive listing is inconsistent") }
        return try zip(names, lines).map { name, line throws(SnapshotError) in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // GNU: mode owner/group size date time name; BSD: mode links owner group size month day time name.
            let sizeField = fields.count > 2 && fields[1].contains("/") ? 2 : 4
            guard let type = fields.first?.first, fields.count > sizeField, let size = Int(fields[sizeField]) else {
                throw SnapshotError("cannot read the archive listing for '\(name.prefix(200))'")
            }
            return TarEntry(name: name, type: type, size: size)
        }
    }

    /// Runs the system `tar` with `arguments` (no shell) and returns its standard output.
    @discardableResult
    static func tar(_ arguments: [String]) async throws -> String {
        try await ArchiveTool.run(ArchiveTool.tarPath, arguments, failure: "tar cannot read the archive")
    }

    private func createDirectory(_ url: URL) throws(SnapshotError) {
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SnapshotError("cannot create \(url.path): \(error.localizedDescription)")
        }
    }
}
