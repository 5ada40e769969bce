import Foundation

/// A `chromedriver --port=P` child on loopback with its own temp folder (chromium profile, driver log),
/// stopped by `stop()`: `/shutdown`, then SIGTERM, then SIGKILL, and the folder removed.
final class ChromeDriverProcess: @unchecked Sendable {
    // @unchecked: `process` is set once in init and only read after; Foundation's Process is not Sendable.
    private let process: Process
    let connection: WebDriverConnection
    /// The temp folder: `profile/` is chromium's user data dir, `chromedriver.log` the driver's output.
    let folder: URL

    /// chromedriver's process id.
    var processIdentifier: Int32 { process.processIdentifier }

    var profile: String { folder.appendingPathComponent("profile").path }
    var logFile: URL { folder.appendingPathComponent("chromedriver.log") }

    /// Launches chromedriver and waits until its `/status` says ready.
    init(options: BrowserOptions) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("profile"), withIntermediateDirectories: true)
        let port = try Self.freePort()
        connection = WebDriverConnection(baseURL: "http://127.0.0.1:\(port)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: options.chromedriver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        _ = FileManager.default.createFile(
            atPath: folder.appendingPathComponent("chromedriver.log").path, contents: nil)
        let log = try FileHandle(forWritingTo: folder.appendingPathComponent("chromedriver.log"))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
            try log.close()
            try await waitUntilReady(timeout: options.startTimeout)
        } catch {
            await stop()
            throw error
        }
    }

    /// The driver's output so far (for a start failure's message).
    var logTail: String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return String(text.suffix(1500))
    }

    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw WebDriverError.couldNotStart(
                    "chromedriver exited with status \(process.terminationStatus): \(logTail)")
            }
            if let status = try? await connection.send(.GET, "/status", timeout: .seconds(5)),
                status["ready"]?.bool == true
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WebDriverError.couldNotStart("chromedriver was not ready within \(timeout): \(logTail)")
    }

    /// Asks chromedriver to quit (it closes any browser it still has), then makes sure it did; removes the folder.
    func stop() async {
        if process.isRunning {
            _ = try? await connection.send(.GET, "/shutdown", timeout: .seconds(10))
            await waitForExit(within: .seconds(10))
        }
        if process.isRunning {
            process.terminate()
            await waitForExit(within: .seconds(10))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            await waitForExit(within: .seconds(10))
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private func waitForExit(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A free loopback port: bind port 0, read it, close (chromedriver takes it a moment later).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WebDriverError.couldNotStart("cannot open a socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw WebDriverError.couldNotStart("cannot bind 127.0.0.1:0") }
        var named = length
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &named) }
        }
        guard result == 0 else { throw WebDriverError.couldNotStart("cannot read the bound port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
