import Foundation
import GRDB

extension DataDirectory {
    /// Opens (creating when needed) the SQLite file `name` in this directory the way every Flowgate store does:
    /// the file made 0600 before SQLite touches it (its -wal and -shm files take the same mode), WAL, foreign
    /// keys on, a 5 s busy timeout. Migrating is the caller's.
    func openDatabase(_ name: String) throws -> DatabasePool {
        try create()
        let path = file(name).path
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(5)
        // Two readers beside the writer: the stores' reads are short, and each connection holds three file
        // descriptors (database, -wal, -shm); GRDB's default of five made a test process with many servers cross
        // 1,024 descriptors, where Foundation's Process.run on Linux crashed while spawning.
        configuration.maximumReaderCount = 2
        return try DatabasePool(path: path, configuration: configuration)
    }
}
