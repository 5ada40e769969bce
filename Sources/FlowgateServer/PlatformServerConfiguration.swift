import Foundation
import Logging
import Platform

/// How `flowgate server` runs: where it listens, where it keeps its state, the URL it gives callers and how long
/// in-flight requests may take to finish at shutdown.
public struct PlatformServerConfiguration: Sendable {
    public var host: String
    /// 0 lets the kernel pick a free port when binding (tests); the base URL then names it.
    public var port: Int
    public var directory: DataDirectory
    /// The base URL of scoring and swagger URIs; `nil` means `http://<host>:<bound port>`.
    public var publicURL: URL?
    public var environment: [String: String]
    /// In-flight requests (streams included) get this long to finish after SIGINT/SIGTERM.
    public var shutdownGracePeriod: Duration
    public var logLevel: Logger.Level

    public init(
        host: String = "127.0.0.1", port: Int = 8080, directory: DataDirectory, publicURL: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        shutdownGracePeriod: Duration = .seconds(30), logLevel: Logger.Level = .info
    ) {
        self.host = host
        self.port = port
        self.directory = directory
        self.publicURL = publicURL
        self.environment = environment
        self.shutdownGracePeriod = shutdownGracePeriod
        self.logLevel = logLevel
    }

    /// The base URL holder the control plane reads: known now with a public URL or a fixed port; with port 0 set
    /// once the server is bound (`makeServiceGroup`).
    func makeBaseURL() -> PublicBaseURL {
        if publicURL != nil || port != 0 { return PublicBaseURL(baseURL(port: port)) }
        return PublicBaseURL(pending: baseURL(port: 0))
    }

    /// The URL callers use when none was configured: the listening address (a wildcard host becomes loopback).
    func baseURL(port boundPort: Int) -> URL {
        if let publicURL { return publicURL }
        let shown = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        let bracketed = shown.contains(":") ? "[\(shown)]" : shown
        return URL(string: "http://\(bracketed):\(boundPort)") ?? URL(fileURLWithPath: "/")
    }
}
