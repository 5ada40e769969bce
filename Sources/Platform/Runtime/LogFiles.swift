import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One deployment's log folder, `<data dir>/logs/<endpoint>/<deployment>/`: a `<source>.log` per instance (and
/// `provisioning.log`), each rotated by size (`LogRotation`). Not thread-safe: only its `DeploymentLog`'s queue
/// touches it, so no lock is ever held across its I/O.
final class LogFiles {
    struct WriteError: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "cannot write \(path): \(String(cString: strerror(code)))" }
    }

    private struct OpenFile {
        let descriptor: Int32
        var size: Int
    }

    let folder: URL
    let rotation: LogRotation
    private var handles: [String: OpenFile] = [:]

    init(folder: URL, rotation: LogRotation) {
        self.folder = folder
        self.rotation = rotation
    }

    deinit { closeAll() }

    /// A source as a file name: letters, digits, `-`, `_` and `.` kept, anything else `_` (ids are already plain).
    static func fileName(_ source: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let name = String(source.map { allowed.contains($0) ? $0 : "_" })
        return name.isEmpty || name.hasPrefix(".") ? "_" + name : name
    }

    func file(_ source: String, generation: Int = 0) -> URL {
        let base = Self.fileName(source) + ".log"
        return folder.appendingPathComponent(generation == 0 ? base : "\(base).\(generation)")
    }

    /// Appends `lines` (each without its newline) to `source`'s file, rotating it whenever the next line would
    /// take it past `maxFileBytes`.
    func write(_ lines: [String], source: String) throws(WriteError) {
        var batch: [UInt8] = []
        var current = try opened(source)
        for line in lines {
            let size = line.utf8.count + 1
            if current.size + batch.count + size > rotation.maxFileBytes, current.size + batch.count > 0 {
                try flush(&batch, to: &current, source: source)
                try rotate(source)
                current = try opened(source)
            }
            batch.append(contentsOf: line.utf8)
            batch.append(0x0A)
        }
        try flush(&batch, to: &current, source: source)
    }

    /// The last `count` lines of each source (only `source` when given), oldest first per source, newest file
    /// first back through the rotated ones until there are enough.
    func last(_ count: Int, source: String?) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for name in source.map({ [$0] }) ?? sources() {
            var lines: [String] = []
            for generation in 0...rotation.keptFiles where lines.count < count {
                lines = Self.lastLines(count - lines.count, of: file(name, generation: generation)) + lines
            }
            if !lines.isEmpty { result[name] = lines }
        }
        return result
    }

    /// The sources with a current file in the folder.
    func sources() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".log") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Closes every open file.
    func closeAll() {
        for file in handles.values { close(file.descriptor) }
        handles = [:]
    }

    private func opened(_ source: String) throws(WriteError) -> OpenFile {
        if let file = handles[source] { return file }
        let url = file(source)
        try? FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = openForAppending(url.path)
        guard descriptor >= 0 else { throw WriteError(path: url.path, code: errno) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        let file = OpenFile(descriptor: descriptor, size: size)
        handles[source] = file
        return file
    }

    private func flush(_ batch: inout [UInt8], to file: inout OpenFile, source: String) throws(WriteError) {
        guard !batch.isEmpty else { return }
        defer { batch.removeAll(keepingCapacity: true) }
        var written = 0
        while written < batch.count {
            let result = batch.withUnsafeBytes { bytes in
                writeBytes(file.descriptor, UnsafeRawBufferPointer(rebasing: bytes[written...]))
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let code = errno
                // A failed file is opened again for the next lines (the disk may have room by then).
                close(file.descriptor)
                handles[source] = nil
                throw WriteError(path: self.file(source).path, code: code)
            }
            written += result
        }
        file.size += written
        handles[source] = file
    }

    /// `.log` → `.log.1` → … → `.log.<keptFiles>`; the oldest is dropped.
    private func rotate(_ source: String) throws(WriteError) {
        if let file = handles.removeValue(forKey: source) { close(file.descriptor) }
        let manager = FileManager.default
        try? manager.removeItem(at: file(source, generation: max(rotation.keptFiles, 1)))
        if rotation.keptFiles > 1 {
            for generation in stride(from: rotation.keptFiles - 1, through: 1, by: -1) {
                try? manager.moveItem(at: file(source, generation: generation), to: file(source, generation: generation + 1))
            }
        }
        let current = file(source)
        if rotation.keptFiles == 0 {
            try? manager.removeItem(at: current)
        } else if rename(current.path, file(source, generation: 1).path) != 0, errno != ENOENT {
            throw WriteError(path: current.path, code: errno)
        }
    }

    /// The last `count` lines of a file, oldest first, read backwards from its end in 64 KiB pieces.
    static func lastLines(_ count: Int, of url: URL) -> [String] {
        guard count > 0, let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end > 0 else { return [] }
        var data = Data()
        var offset = end
        var newlines = 0
        // One newline more than lines wanted: the file ends with one, and the first piece read may be partial.
        while offset > 0, newlines <= count {
            let size = min(UInt64(64 << 10), offset)
            offset -= size
            guard (try? handle.seek(toOffset: offset)) != nil, let piece = try? handle.read(upToCount: Int(size))
            else { return [] }
            newlines += piece.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            data = piece + data
        }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if offset > 0 { lines.removeFirst() }
        return lines.suffix(count + 1).filter { !$0.isEmpty }.suffix(count).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// `open(2)` for appending, created owner-only when missing.
private func openForAppending(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
}

/// One `write(2)` of `bytes`.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    write(descriptor, bytes.baseAddress, bytes.count)
}
