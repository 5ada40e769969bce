import Foundation
import Platform

/// Which Flowgate server the management commands talk to and which admin key they send, with where each came from.
/// Found as `--server`, `$FLOWGATE_SERVER`, `server.json`, `http://127.0.0.1:8080`; the key as `--api-key`,
/// `$FLOWGATE_API_KEY`, `admin.key` in the data directory. Discovery reads an environment dictionary, never the process.
struct ServerTarget: Sendable, Equatable {
    /// The environment variable naming the server's URL.
    static let serverVariable = "FLOWGATE_SERVER"
    /// The environment variable holding the admin API key.
    static let apiKeyVariable = "FLOWGATE_API_KEY"
    /// Where a server listens when nothing says otherwise.
    static let defaultURL = "http://127.0.0.1:8080"
    /// The files the server writes into its data directory.
    static let serverFileName = "server.json"
    static let adminKeyFileName = "admin.key"

    /// The server's base URL without a trailing slash, e.g. `http://127.0.0.1:8080`.
    let url: String
    /// Where `url` came from: `--server`, `$FLOWGATE_SERVER`, a `server.json` path, or `the default`.
    let urlSource: String
    /// The admin API key; `nil` when no source had one (the server then answers 401).
    let apiKey: String?
    /// Where the key came from (never the key): `--api-key`, `$FLOWGATE_API_KEY`, or the `admin.key` path.
    let keySource: String

    /// Finds the server and key; `dataDir` is `--data-dir` (else `$FLOWGATE_HOME`, else `~/.flowgate`).
    static func discover(
        server: String?, apiKey: String?, dataDir: String?, environment: [String: String]
    ) throws(CLIError) -> ServerTarget {
        let directory = DataDirectory.resolve(explicit: dataDir, environment: environment)
        let (url, urlSource) = try locate(server: server, environment: environment, directory: directory)
        let (key, keySource) = try findKey(apiKey: apiKey, environment: environment, directory: directory)
        return ServerTarget(url: url, urlSource: urlSource, apiKey: key, keySource: keySource)
    }

    /// Whether the user named a server explicitly (`--server` or `$FLOWGATE_SERVER`), which moves the
    /// connection commands from the local store to the server.
    static func isNamed(server: String?, environment: [String: String]) -> Bool {
        !(server ?? "").isEmpty || !(environment[serverVariable] ?? "").isEmpty
    }

    private static func locate(
        server: String?, environment: [String: String], directory: DataDirectory
    ) throws(CLIError) -> (String, String) {
        if let server, !server.isEmpty { return (try normalized(server, source: "--server"), "--server") }
        if let server = environment[serverVariable], !server.isEmpty {
            return (try normalized(server, source: "$\(serverVariable)"), "$\(serverVariable)")
        }
        let file = directory.file(serverFileName)
        if let data = FileManager.default.contents(atPath: file.path) {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let url = object["url"] as? String, !url.isEmpty
            else { throw CLIError("\(file.path) has no \"url\"; remove it or give --server URL.") }
            return (try normalized(url, source: file.path), file.path)
        }
        return (defaultURL, "the default")
    }

    private static func findKey(
        apiKey: String?, environment: [String: String], directory: DataDirectory
    ) throws(CLIError) -> (String?, String) {
        if let apiKey, !apiKey.isEmpty { return (apiKey, "--api-key") }
        if let key = environment[apiKeyVariable], !key.isEmpty { return (key, "$\(apiKeyVariable)") }
        let file = directory.file(adminKeyFileName)
        guard FileManager.default.fileExists(atPath: file.path) else {
            return (nil, "no key (\(file.path) does not exist)")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CLIError("cannot read the admin key file \(file.path); give --api-key or $\(apiKeyVariable).")
        }
        let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (key.isEmpty ? nil : key, file.path)
    }

    /// `host:port` gets `http://`; a trailing `/` is dropped; anything but http(s) is refused.
    static func normalized(_ text: String, source: String) throws(CLIError) -> String {
        var url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !url.contains("://") { url = "http://" + url }
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            parsed.host != nil
        else { throw CLIError("\(source) is '\(text)', which is not an http(s) URL of a Flowgate server.") }
        return url
    }
}
