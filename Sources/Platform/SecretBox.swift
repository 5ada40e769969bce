import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Seals secrets with AES-256-GCM under the master key: a fresh 96-bit nonce per seal, and a context string
/// (the connection name) bound as authenticated data, so sealed values cannot be moved between connections.
public struct SecretBox: Sendable {
    /// The environment variable that may hold the master key, base64 of 32 bytes.
    public static let environmentVariable = "FLOWGATE_MASTER_KEY"
    /// The key file's name inside the data directory (created 0600 on first use).
    public static let keyFileName = "master.key"
    /// The first byte of every sealed value, so the format can change later.
    static let formatVersion: UInt8 = 1

    private let key: SymmetricKey
    /// Where the key came from, for error messages (`FLOWGATE_MASTER_KEY` or the key file's path).
    public let keySource: String

    /// A box over a given 256-bit key.
    public init(key: SymmetricKey, source: String) {
        precondition(key.bitCount == 256, "the master key must be 256 bits")
        self.key = key
        self.keySource = source
    }

    /// The key from `FLOWGATE_MASTER_KEY` when set, else from `master.key` in the data directory,
    /// which is generated (32 random bytes, base64, mode 0600) when it does not exist yet.
    public static func load(
        directory: DataDirectory, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PlatformError) -> SecretBox {
        if let text = environment[environmentVariable], !text.isEmpty {
            return SecretBox(key: try decodeKey(text, source: environmentVariable), source: environmentVariable)
        }
        try directory.create()
        let file = directory.file(keyFileName)
        if !FileManager.default.fileExists(atPath: file.path) {
            try writeNewKey(to: file)
        }
        return SecretBox(key: try readKey(at: file), source: file.path)
    }

    /// A 256-bit key for another purpose, derived from the master key with HKDF-SHA256 under `info` (so the
    /// master key itself is used only by this box, and the derived key is the same after every restart).
    func derivedKey(info: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(info.utf8), outputByteCount: 32)
    }

    /// Seals `plaintext`, binding `context`: `version ‖ nonce ‖ ciphertext ‖ tag`.
    public func seal(_ plaintext: Data, context: String) throws(PlatformError) -> Data {
        do {
            let box = try AES.GCM.seal(
                plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: Data(context.utf8))
            guard let combined = box.combined else { throw PlatformError.store("AES-GCM produced no combined form") }
            return Data([Self.formatVersion]) + combined
        } catch let error as PlatformError {
            throw error
        } catch {
            throw .store("cannot seal a secret: \(error)")
        }
    }

    /// Opens what `seal` produced under the same key and context, or fails with `PlatformError.wrongKey`.
    public func open(_ sealed: Data, context: String) throws(PlatformError) -> Data {
        let wrongKey = PlatformError.wrongKey(
            "The secrets of '\(context)' cannot be decrypted with the master key from \(keySource): "
                + "it is not the key they were encrypted with, or the stored data was altered.")
        guard sealed.first == Self.formatVersion else { throw wrongKey }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
        } catch {
            throw wrongKey
        }
    }

    static func decodeKey(_ text: String, source: String) throws(PlatformError) -> SymmetricKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed), bytes.count == 32 else {
            throw .masterKey("\(source) must hold 32 bytes (256 bits) encoded as base64.")
        }
        return SymmetricKey(data: bytes)
    }

    private static func readKey(at file: URL) throws(PlatformError) -> SymmetricKey {
        var info = stat()
        guard stat(file.path, &info) == 0 else { throw .masterKey("cannot read \(file.path).") }
        if info.st_mode & 0o077 != 0 {
            throw .masterKey(
                "\(file.path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); "
                    + "run `chmod 600 \(file.path)`.")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw .masterKey("cannot read \(file.path).")
        }
        return try decodeKey(String(decoding: data, as: UTF8.self), source: file.path)
    }

    /// Writes a fresh key into a private temporary file, then links it into place: another process that
    /// races us either wins (and we read its key) or loses; no reader ever sees a half-written key.
    private static func writeNewKey(to file: URL) throws(PlatformError) {
        let text = Data((SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString() + "\n").utf8)
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".master.key.\(UUID().uuidString)")
        let descriptor = createOwnerOnlyFile(temporary.path)
        guard descriptor >= 0 else { throw .masterKey("cannot create \(file.path) (errno \(errno)).") }
        defer { unlink(temporary.path) }
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.count, synced == 0 else { throw .masterKey("cannot write \(file.path).") }
        if link(temporary.path, file.path) != 0 && errno != EEXIST {
            throw .masterKey("cannot create \(file.path) (errno \(errno)).")
        }
    }
}

/// Creates a new file readable and writable by its owner only; fails if the file exists.
private func createOwnerOnlyFile(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
}
