/// One file of the console as the binary carries it: its bytes, the media type it is served with and its ETag.
/// Files are embedded at build time (`PackageResources`), so the console works offline from one binary.
public struct ConsoleAsset: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let contentType: String
    /// A strong validator from the bytes (FNV-1a, 64 bits), so a browser revalidates with `If-None-Match`.
    public let etag: String

    /// The embedded file named `name` (`index.html`, `app.js`), or nil.
    public static func named(_ name: String) -> ConsoleAsset? {
        assets[name]
    }

    /// The names of every embedded file.
    public static var names: [String] { assets.keys.sorted() }

    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.contentType = Self.contentType(of: name)
        self.etag = Self.etag(of: bytes)
    }

    /// The media type of a file name by its extension (UTF-8 for text).
    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }

    static func etag(of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    static let assets: [String: ConsoleAsset] = Dictionary(
        uniqueKeysWithValues: ConsoleAssetTable.files.map { ($0.0, ConsoleAsset(name: $0.0, bytes: $0.1)) })
}
