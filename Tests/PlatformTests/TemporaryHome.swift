import Foundation

@testable import Platform

/// A fresh data directory under the temporary folder, removed when the test is done with it.
final class TemporaryHome {
    let root: URL
    let directory: DataDirectory

    init() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-platform-\(UUID().uuidString)")
        directory = DataDirectory(url: root.appendingPathComponent("home"))
    }

    /// The POSIX permission bits of a file or folder inside (or at) the data directory.
    func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Every byte SQLite keeps for the store: the database, its WAL and shared-memory files.
    func storeBytes() -> Data {
        let base = directory.file(LocalConnectionStore.databaseFileName).path
        return [base, base + "-wal", base + "-shm"].reduce(into: Data()) { bytes, path in
            bytes += FileManager.default.contents(atPath: path) ?? Data()
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

extension Data {
    /// Whether the bytes contain `text` encoded as UTF-8.
    func contains(_ text: String) -> Bool { range(of: Data(text.utf8)) != nil }
}
