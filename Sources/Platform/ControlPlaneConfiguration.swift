import Foundation

/// Where the control plane keeps its state and how it names itself to callers.
public struct ControlPlaneConfiguration: Sendable {
    /// The data directory (database, master key, snapshots, environments, admin key).
    public var directory: DataDirectory
    /// The base URL clients reach this server at; scoring and swagger URIs are built from it.
    public var publicURL: URL { baseURL.url }
    /// Where `publicURL` is read from: set once the server is bound when its port was not known before.
    public let baseURL: PublicBaseURL
    /// The process environment (master key override, python, proxies); instances get it plus their own variables.
    public var environment: [String: String]
    /// How deployment log files (`<data dir>/logs`) are rotated.
    public var logRotation = LogRotation()

    public init(
        directory: DataDirectory, publicURL: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.init(directory: directory, baseURL: PublicBaseURL(publicURL), environment: environment)
    }

    /// A configuration whose base URL may be set later (`PublicBaseURL.set`), when the server has bound its port.
    public init(
        directory: DataDirectory, baseURL: PublicBaseURL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.directory = directory
        self.baseURL = baseURL
        self.environment = environment
    }
}
