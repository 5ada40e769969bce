import Foundation
import Platform

/// `server.json` in the data directory: the URL a running `flowgate server` listens on, so CLI commands on the
/// same machine find it when it does not run on the default port.
public struct ServerInfoFile: Sendable {
    public static let fileName = "server.json"

    public let url: URL

    public init(directory: DataDirectory) {
        self.url = directory.file(Self.fileName)
    }

    /// Records the server's URL (written atomically).
    public func write(serverURL: URL) throws {
        let object: [String: Any] = ["url": serverURL.absoluteString, "pid": Int(getpid())]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        try data.write(to: url, options: .atomic)
    }

    /// The recorded URL, or `nil` when there is none (or it cannot be read).
    public func serverURL() -> URL? {
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let text = object["url"] as? String
        else { return nil }
        return URL(string: text)
    }
}
