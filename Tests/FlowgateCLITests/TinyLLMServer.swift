import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A suite trait that starts a real OpenAI-compatible LLM server (llama.cpp over a tiny random-weight
/// model, `../shared/llm/start-tiny-llm.sh`) once for the suite, on a free port, and stops it afterwards.
///
/// The script path comes from `FLOWGATE_TINY_LLM` (`.ci/run` sets it); without it the suite is skipped
/// with a printed reason. The script runs with its output in a file, never a pipe of ours: the server it
/// backgrounds would otherwise hold the pipe open and reading it to the end would never return.
struct TinyLLMServer: SuiteTrait, TestScoping {
    /// The server's base URL (`http://127.0.0.1:PORT/v1`) inside the suite.
    @TaskLocal static var baseURL: String?

    /// The start script named by `FLOWGATE_TINY_LLM`, if set and present.
    static var script: String? {
        guard let path = ProcessInfo.processInfo.environment["FLOWGATE_TINY_LLM"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return path
    }

    static let skipReason: Comment =
        "FLOWGATE_TINY_LLM is not set to an executable start-tiny-llm.sh (.ci/run sets it to ../shared/llm/start-tiny-llm.sh)"

    /// The server's folder: the venv and model are reused between runs; the pid file and logs are ours.
    static var directory: URL {
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return URL(fileURLWithPath: tmp).appendingPathComponent("flowgate-tiny-llm")
    }

    /// The base URL, or a thrown error when called outside the suite.
    static func url() throws -> String {
        guard let baseURL else { throw StartError("The tiny LLM server is not running (use the .tinyLLM trait).") }
        return baseURL
    }

    /// An `open_ai` connection, as promptflow's connection JSON, pointing at the server.
    static func connectionJSON() throws -> String {
        #"{"type": "open_ai", "api_key": "sk-tiny-llm", "base_url": "\#(try url())"}"#
    }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard let script = Self.script else {
            try await function()
            return
        }
        let (url, pid) = try await Self.start(script: script)
        do {
            try await Self.$baseURL.withValue(url) { try await function() }
        } catch {
            Self.stop(pid)
            throw error
        }
        Self.stop(pid)
    }

    /// Runs the script with its output in a file and waits until it prints the URL (it does once the server
    /// answers `/v1/models`; the first use installs a venv from PyPI, about a minute). Not until the script
    /// "exits": Foundation sees a child as running while any process holds an inherited descriptor of it, and
    /// the server the script backgrounds does.
    static func start(script: String) async throws -> (url: String, pid: pid_t) {
        let directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("start.out")
        let pidFile = directory.appendingPathComponent("server.pid")
        try? FileManager.default.removeItem(at: pidFile)
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw StartError("cannot create \(output.path)")
        }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, String(port), directory.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(600)
        while true {
            let exited = !process.isRunning  // before reading, so a URL printed just before exit is seen
            let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            let pid = ((try? String(contentsOf: pidFile, encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if let url = printed.split(separator: "\n").first(where: { $0.hasPrefix("http://") }),
                let pid = pid_t(pid)
            {
                return (String(url), pid)
            }
            let failed = exited || printed.contains("did not start")
            if failed || ContinuousClock.now >= deadline {
                if let pid = pid_t(pid) { stop(pid) }
                if process.isRunning { process.terminate() }
                let log = tail(directory.appendingPathComponent("server.log"))
                let reason = failed ? "failed" : "did not print the server's URL in 10 minutes"
                throw StartError("start-tiny-llm.sh \(reason): \(tail(output)) \(log)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Stops the server (its own process group, from `setsid`): SIGTERM, then SIGKILL if it lingers.
    static func stop(_ pid: pid_t) {
        guard pid > 1 else { return }
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        for _ in 0..<50 {
            if kill(pid, 0) != 0 { return }
            usleep(100_000)
        }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }

    /// A loopback TCP port nobody listens on right now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError("socket() failed: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw StartError("bind() failed: \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw StartError("getsockname() failed: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func tail(_ file: URL) -> String {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(5).joined(separator: " | ")
    }

    /// Why the server could not be started.
    struct StartError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension Trait where Self == TinyLLMServer {
    /// Runs the suite against a real llama.cpp server (see `TinyLLMServer`).
    static var tinyLLM: Self { TinyLLMServer() }
}
