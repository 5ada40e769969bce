import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `flowgate server` process started as a user would (`--port 0`, its own data directory); its banner is complete
/// at the data directory line. `kill` sends SIGKILL (a crash), `stop` SIGTERM.
final class ServerProcess: ServingProcess, @unchecked Sendable {
    let dataDirectory: URL

    init(dataDirectory: URL, arguments: [String] = [], environment: [String: String] = [:]) {
        self.dataDirectory = dataDirectory
        super.init(
            ["server", "--port", "0", "--data-dir", dataDirectory.path, "--log-level", "warning"] + arguments,
            environment: environment
        ) { text in
            text.contains("data directory")
                ? BannerReader.url(in: text, lineStartingWith: "Flowgate server listening on") : nil
        }
    }

    var adminKey: String {
        ((try? String(contentsOf: dataDirectory.appendingPathComponent("admin.key"), encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One request with the admin key (or `key`): status and body as a JSON object when it is one.
    func call(_ method: String, _ path: String, json: String? = nil, key: String? = nil) async throws
        -> (status: Int, body: String, object: [String: Any])
    {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        request.timeoutInterval = 120
        request.setValue("Bearer \(key ?? adminKey)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self), object)
    }

    /// SIGKILL: the server dies without any cleanup, as in a crash or an OOM kill.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
