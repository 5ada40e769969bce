import Foundation

/// A `flowgate` process that serves until it is stopped, started as a user would: `start` waits for its ready
/// banner and reads the URL from it, `stop` sends SIGTERM. `FlowServeProcess` and `ServerProcess` are its kinds.
class ServingProcess: @unchecked Sendable {
    let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private let banner: (String) -> String?
    private(set) var stdout = ""
    private(set) var url = ""

    /// `flowgate ARGUMENTS` in the repository root; `environment` adds to (or replaces) the test process's;
    /// `banner(stdoutSoFar)` returns the URL once the ready banner is complete, else nil.
    init(_ arguments: [String], environment: [String: String], banner: @escaping (String) -> String?) {
        self.banner = banner
        process.executableURL = FlowgateProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = FlowgateProcess.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
    }

    /// Starts the server and waits for its banner; throws with what it printed when it exits instead.
    func start() throws {
        try process.run()
        (stdout, url) = try BannerReader.waitForURL(process: process, stdout: out, stderr: err, url: banner)
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
