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
        return try DatabasePool(path: path, configuration: configuration)
    }
}
