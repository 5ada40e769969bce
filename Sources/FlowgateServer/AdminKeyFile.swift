import Foundation
import Platform

/// The bootstrap admin API key: generated on the server's first start into `admin.key` in the data directory
/// (mode 0600, one line), where the CLI on the same machine finds it. Printed once, when it is created.
public struct AdminKeyFile: Sendable {
    public static let fileName = "admin.key"

    public let url: URL

    public init(directory: DataDirectory) {
        self.url = directory.file(Self.fileName)
    }

    /// The key and whether it was created just now.
    public func loadOrCreate() throws(PlatformError) -> (key: String, created: Bool) {
        if FileManager.default.fileExists(atPath: url.path) {
            return (try read(), false)
        }
        let key = "fgk_" + EndpointKeys.generateKey()
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            // Another process created it between the check and the open: use theirs.
            if errno == EEXIST { return (try read(), false) }
            throw .dataDirectory("cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let line = Array((key + "\n").utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else {
            throw .dataDirectory("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
        return (key, true)
    }

    private func read() throws(PlatformError) -> String {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .dataDirectory("cannot read \(url.path): \(error.localizedDescription)")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.utf8.count >= 16 else {
            throw .dataDirectory("\(url.path) does not hold an API key; delete it to have a new one generated.")
        }
        return key
    }
}
