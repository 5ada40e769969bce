import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `flowgate flow serve` process started as a user would; `start` waits for the ready banner and reads
/// the URL from it. `stop` sends SIGTERM and returns the exit status.
final class FlowServeProcess: @unchecked Sendable {
    let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private(set) var stdout = ""
    private(set) var url = ""

    init(_ arguments: [String], environment: [String: String] = [:]) {
        process.executableURL = FlowgateProcess.executable
        process.arguments = ["flow", "serve"] + arguments
        process.currentDirectoryURL = FlowgateProcess.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
    }

    /// Starts the server and waits for its banner; throws with what it printed when it exits instead.
    func start() throws {
        try process.run()
        (stdout, url) = try BannerReader.waitForURL(process: process, stdout: out, stderr: err) { text in
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

    /// SIGTERM, then the exit status and what the server wrote on standard error.
    func stop() -> (Int32, String) {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        )
    }
}

/// The server exited before it was ready.
struct FlowServeProcessError: Error, CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    var description: String { "flowgate flow serve exited with \(status): \(stderr)" }
}
