import Foundation

/// Reads a started server's standard output until its banner names the URL it listens on; throws with what it
/// printed when it exits first. Shared by `flow serve` and `server` process fixtures.
enum BannerReader {
    /// `url(stdoutSoFar)` returns the URL once the banner is complete, else nil.
    static func waitForURL(
        process: Process, stdout out: Pipe, stderr err: Pipe, url: (String) -> String?
    ) throws -> (stdout: String, url: String) {
        var stdout = ""
        let handle = out.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty {
                process.waitUntilExit()
                throw FlowServeProcessError(
                    status: process.terminationStatus, stdout: stdout,
                    stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
            stdout += String(decoding: data, as: UTF8.self)
            if let found = url(stdout) { return (stdout, found) }
        }
    }

    /// The `http://…` URL on the first line starting with `prefix`, up to the next space.
    static func url(in text: String, lineStartingWith prefix: String) -> String? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
            let range = line.range(of: "http://"),
            let end = line[range.lowerBound...].firstIndex(of: " ")
        else { return nil }
        return String(line[range.lowerBound..<end])
    }
}
