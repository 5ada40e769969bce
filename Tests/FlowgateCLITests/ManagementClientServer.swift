import FlowgateServer
import FlowgateTestSupport
import Foundation
import Platform
import ServiceLifecycle
import Testing

/// A real `flowgate server` for the CLI's end-to-end tests: `PlatformServer` in this process on a free loopback
/// port, state in a temporary data directory, so the `flowgate` binary finds it through `server.json` and
/// `admin.key` exactly as a user's CLI does (FLOWGATE_HOME pointing there).
final class ManagementClientServer: Sendable {
    let server: PlatformServer
    let group: ServiceGroup
    let runner: Task<Void, any Error>
    let directory: URL
    /// One of the test process's server slots (`ServerSlots`), held until `stop()`.
    private let slot: ServerSlots.Slot

    init() async throws {
        slot = await ServerSlots.shared.acquire()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowgate-cli-server-\(UUID().uuidString)")
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        let server = try PlatformServer(
            configuration: PlatformServerConfiguration(
                port: 0, directory: DataDirectory(url: directory), environment: environment,
                shutdownGracePeriod: .seconds(10), logLevel: .warning))
        self.server = server
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = server.makeServiceGroup(signals: []) { port in continuation.yield(port) }
        self.group = group
        runner = Task { try await group.run() }
        for await _ in ready { break }
    }

    /// Runs `body` against a new server and stops the server afterwards, also when `body` throws: what it throws
    /// is recorded as the test's issue, so a failed step never leaves the server and its workers running.
    static func serving(_ body: (ManagementClientServer) async throws -> Void) async throws {
        let platform = try await ManagementClientServer()
        do {
            try await body(platform)
        } catch {
            Issue.record(error)
        }
        await platform.stop()
    }

    /// The server's URL as `server.json` records it.
    var url: String { server.baseURL.absoluteString }

    /// The environment a CLI process gets: the server's data directory, nothing inherited that names another server.
    var environment: [String: String] {
        ["FLOWGATE_HOME": directory.path, "FLOWGATE_SERVER": "", "FLOWGATE_API_KEY": "", "FLOWGATE_MASTER_KEY": ""]
    }

    /// Runs `flowgate ARGS` against this server. The wait happens on a dispatch thread: blocking the cooperative
    /// pool (two threads here) would starve the in-process server that must answer the command.
    func flowgate(
        _ arguments: [String], in folder: URL = FlowgateProcess.repositoryRoot,
        environment extra: [String: String] = [:]
    ) async throws -> FlowgateProcess.Result {
        try await Self.offPool(arguments, in: folder, environment: environment.merging(extra) { $1 })
    }

    /// `FlowgateProcess.run` on a dispatch thread.
    static func offPool(
        _ arguments: [String], in folder: URL = FlowgateProcess.repositoryRoot, environment: [String: String]
    ) async throws -> FlowgateProcess.Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result { try FlowgateProcess.run(arguments, in: folder, environment: environment) })
            }
        }
    }

    /// Stops the server gracefully (instances and their Python workers too) and removes its data directory.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await runner.result
        try? FileManager.default.removeItem(at: directory)
        slot.release()
    }
}
