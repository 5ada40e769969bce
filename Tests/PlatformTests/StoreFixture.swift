import Crypto
import Foundation

@testable import Platform

/// A fresh data directory with a `SQLiteStore` and a fixed master key, for store tests.
struct StoreFixture {
    let home = TemporaryHome()
    let box = SecretBox(key: SymmetricKey(size: .bits256), source: "test")

    func open() throws -> SQLiteStore {
        try SQLiteStore(directory: home.directory, secretBox: box)
    }

    /// Every byte SQLite keeps for the platform store: the database, its WAL and shared-memory files.
    func storeBytes() -> Data {
        let base = home.directory.file(SQLiteStore.databaseFileName).path
        return [base, base + "-wal", base + "-shm"].reduce(into: Data()) { bytes, path in
            bytes += FileManager.default.contents(atPath: path) ?? Data()
        }
    }

    static let snapshotID = String(repeating: "ab", count: 32)
}
