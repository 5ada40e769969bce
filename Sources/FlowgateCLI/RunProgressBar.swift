import FlowEngine
import Foundation

/// Shows a bulk run's progress on standard error: a bar redrawn in place on a terminal, else a plain line
/// at most every two seconds (and at the end), so logs stay readable.
final class RunProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private let start = Date()
    private var lastLine = Date.distantPast

    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    func update(_ progress: BulkRunProgress) {
        lock.withLock {
            let now = Date()
            let finished = progress.done == progress.total
            if isTerminal {
                let width = 30
                let filled = progress.total == 0 ? width : progress.done * width / progress.total
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                let text = "\r[\(bar)] \(progress.done)/\(progress.total) lines, \(progress.failed) failed, "
                    + String(format: "%.1f s", now.timeIntervalSince(start)) + (finished ? "\n" : "")
                FileHandle.standardError.write(Data(text.utf8))
            } else if finished || now.timeIntervalSince(lastLine) >= 2 {
                lastLine = now
                printError(
                    "\(progress.done)/\(progress.total) lines done, \(progress.failed) failed, "
                        + String(format: "%.1f s", now.timeIntervalSince(start)))
            }
        }
    }
}
