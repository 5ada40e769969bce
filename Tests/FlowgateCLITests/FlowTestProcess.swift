import Foundation

/// Runs the built `flowgate` with extra environment variables (a test LLM server's connection, a private
/// FLOWGATE_HOME), reading its output while it runs. `removing` names variables the child must not inherit.
enum FlowTestProcess {
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], removing: [String] = []
    ) throws -> FlowgateProcess.Result {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = FlowgateProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = FlowgateProcess.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_HOME"] = home.path
        for (key, value) in extra { environment[key] = value }
        for key in removing { environment[key] = nil }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = LockedData()
        let errReader = Thread {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
        }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return FlowgateProcess.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
    }
}

extension FlowTestProcess {
    /// The same, waiting on a thread of its own: a test that also serves the child (a `TestLLMServer` in this
    /// process) must not block one of the few threads Swift concurrency runs that server's handlers on.
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], removing: [String] = []
    ) async throws -> FlowgateProcess.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try run(arguments, environment: extra, removing: removing) })
            }.start()
        }
    }
}

/// Bytes written by one thread and read by another once set.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
