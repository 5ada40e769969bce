import Crypto
import Foundation

/// One API key of a principal as stored: the SHA-256 of the key and a short prefix for display, never the key.
/// `PrincipalKey.generate` makes a new key and returns its text once.
public struct PrincipalKey: Sendable, Equatable {
    /// How many characters of the key are kept for display.
    public static let prefixLength = 8

    public let id: String
    public let principal: String
    public let prefix: String
    /// The lowercase hex SHA-256 of the key's UTF-8 bytes.
    public let digest: String
    public let createdAt: Date
    public var lastUsedAt: Date?

    public init(id: String, principal: String, prefix: String, digest: String, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.principal = principal
        self.prefix = prefix
        self.digest = digest
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    /// A new random key for `principal`: the stored record and the key text (shown once, then only its digest).
    public static func generate(principal: String, now: Date = Date()) -> (key: PrincipalKey, secret: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret = "fgk_" + bytes.map { String(format: "%02x", $0) }.joined()
        let record = PrincipalKey(
            id: UUID().uuidString.lowercased(), principal: principal, prefix: String(secret.prefix(prefixLength)),
            digest: digest(of: secret), createdAt: now, lastUsedAt: nil)
        return (record, secret)
    }

    /// The lowercase hex SHA-256 of `key`.
    public static func digest(of key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
