import Foundation

/// A system fault of the Python worker machinery (not of the tool's own code): the process died,
/// timed out, could not start, or the pool refused the call. The engine reports these as system errors.
public enum PythonWorkerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No usable interpreter (`FLOWGATE_PYTHON`, or `python3` on PATH).
    case pythonNotFound(String)
    /// The worker process did not come up; the message carries its last stderr lines.
    case startFailed(String)
    /// The process exited with `status` while running `tool` (nil when idle or starting).
    case exited(status: Int32, tool: String?)
    /// The process was killed by `signal` (11 = SIGSEGV, 9 = SIGKILL as OOM killers use) while running `tool`.
    case signaled(signal: Int32, tool: String?)
    /// The call ran longer than its timeout; the worker was killed and is replaced.
    case timedOut(tool: String, timeout: Duration)
    /// The pool's wait queue is full.
    case queueFull(limit: Int)
    /// The pool was shut down.
    case shutDown
    /// A request was given to a worker that cannot take it (programming error in the caller).
    case notReady(String)
    /// The request was queued on a worker that died (or was dead) before it started: it never ran.
    /// ``PythonWorkerPool`` sends such a request to another worker; only a caller of a worker itself sees this.
    case notStarted(String)
    /// The worker wrote something that is not a protocol frame.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .pythonNotFound(let detail):
            return "python interpreter not found: \(detail)"
        case .startFailed(let detail):
            return "python worker failed to start: \(detail)"
        case .exited(let status, let tool):
            return "python worker exited with status \(status)\(Self.running(tool))"
        case .signaled(let signal, let tool):
            return "python worker exited with signal \(signal)\(Self.signalName(signal))\(Self.running(tool))"
        case .timedOut(let tool, let timeout):
            return "python tool \(tool) timed out after \(Self.seconds(timeout)) s; its worker was killed"
        case .queueFull(let limit):
            return "python worker pool is saturated (\(limit) calls already waiting)"
        case .shutDown:
            return "python worker pool is shut down"
        case .notReady(let detail):
            return detail
        case .notStarted(let detail):
            return "python worker died before the call started: \(detail)"
        case .protocolViolation(let detail):
            return "python worker protocol violation: \(detail)"
        }
    }

    private static func running(_ tool: String?) -> String {
        tool.map { " while running \($0)" } ?? ""
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: return " (SIGSEGV)"
        case SIGKILL: return " (SIGKILL, e.g. out of memory)"
        case SIGABRT: return " (SIGABRT)"
        case SIGBUS: return " (SIGBUS)"
        case SIGTERM: return " (SIGTERM)"
        default: return ""
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return String(format: "%g", value)
    }
}
