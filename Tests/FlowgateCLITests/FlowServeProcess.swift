import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `flowgate flow serve` process started as a user would; its banner is complete at the `curl -s` example and
/// names the URL on the "Serving flow" line.
final class FlowServeProcess: ServingProcess, @unchecked Sendable {
    init(_ arguments: [String], environment: [String: String] = [:]) {
        super.init(["flow", "serve"] + arguments, environment: environment) { text in
            text.contains("curl -s") ? BannerReader.url(in: text, lineStartingWith: "Serving flow") : nil
        }
    }

    /// POST /score with a JSON body: status and body text.
    func score(_ body: String, headers: [String: String] = [:]) async throws -> (Int, String, HTTPURLResponse) {
        var request = URLRequest(url: URL(string: url + "/score")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http)
    }
}

/// The server exited before it was ready.
struct FlowServeProcessError: Error, CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    var description: String { "flowgate flow serve exited with \(status): \(stderr)" }
}
