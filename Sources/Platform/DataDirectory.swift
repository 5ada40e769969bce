import Foundation

/// The folder Flowgate keeps its state in: `--data-dir`, else `$FLOWGATE_HOME`, else `~/.flowgate`.
/// It is created owner-only (0700) because it holds the master key and the connection store.
public struct DataDirectory: Sendable, Hashable {
    /// The environment variable that moves the data directory.
    public static let environmentVariable = "FLOWGATE_HOME"

    /// The folder.
    public let url: URL

    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    /// The directory an explicit option names, else `FLOWGATE_HOME`, else `~/.flowgate`.
    public static func resolve(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DataDirectory {
        if let explicit, !explicit.isEmpty { return DataDirectory(url: URL(fileURLWithPath: explicit)) }
        if let home = environment[environmentVariable], !home.isEmpty {
            return DataDirectory(url: URL(fileURLWithPath: home))
        }
        let userHome =
            environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return DataDirectory(url: userHome.appendingPathComponent(".flowgate"))
    }

    /// A file inside the directory.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Creates the directory (and missing parents) with mode 0700 when it does not exist yet.
    public func create() throws(PlatformError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .dataDirectory("\(url.path) exists and is not a directory.")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .dataDirectory("cannot create \(url.path): \(error.localizedDescription)")
        }
    }
}
