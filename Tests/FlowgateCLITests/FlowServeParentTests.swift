import Foundation
import Testing

/// `flow serve --exit-with-parent` (what flowgate server's process instances run): orphaned, it stops.
@Suite("flowgate flow serve --exit-with-parent")
struct FlowServeParentTests {
    @Test func anOrphanedServerStops() async throws {
        // A shell starts the server in the background, prints its pid and exits a little later, as a killed
        // `flowgate server` would leave its child behind.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        let flow = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/python-only").path
        shell.arguments = [
            "-c", "\"$0\" flow serve \"$1\" --port 0 --exit-with-parent >/dev/null 2>&1 & echo $!; sleep 3",
            FlowgateProcess.executable.path, flow,
        ]
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        shell.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let pid = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        var stopped = false
        for _ in 0..<600 where !stopped {
            stopped = kill(pid, 0) != 0 || Self.isZombie(pid)
            if !stopped { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !stopped { kill(pid, SIGKILL) }
        #expect(stopped, "the orphaned server (pid \(pid)) was still running a minute after its parent exited")
    }

    /// An exited process that nobody has reaped yet (re-parented to an init that does not reap) still answers
    /// `kill(pid, 0)`; its state in /proc is `Z`.
    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
