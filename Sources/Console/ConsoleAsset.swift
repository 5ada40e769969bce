/// One file of the console as the binary carries it: its bytes and the media type it is served with.
/// Files are embedded at build time (`PackageResources`), so the console works offline from one binary.
public struct ConsoleAsset: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let contentType: String

    /// The embedded file named `name` (`index.html`, `app.js`), or nil.
    public static func named(_ name: String) -> ConsoleAsset? {
        guard let bytes = table[name] else { return nil }
        return ConsoleAsset(name: name, bytes: bytes, contentType: contentType(of: name))
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

    /// Every embedded file by name. SwiftPM flattens the assets folder into one namespace, so names are unique.
    static let table: [String: [UInt8]] = [
        "index.html": PackageResources.index_html
    ]
}
