/// The lifecycle of one Python worker process: starting → ready ⇄ busy → dead.
/// Every transition is a method here; an illegal one is refused rather than silently applied.
public enum PythonWorkerState: Sendable, Equatable {
    /// The process was launched and has not yet said hello.
    case starting
    /// Idle: it can take a call.
    case ready
    /// Running exactly one request.
    case busy(requestID: UInt64, tool: String)
    /// Exited or was killed; it never comes back (the pool starts a replacement).
    case dead

    /// The worker's hello arrived. Returns false when it is not `starting` (the state is unchanged).
    public mutating func started() -> Bool {
        switch self {
        case .starting:
            self = .ready
            return true
        case .ready, .busy, .dead:
            return false
        }
    }

    /// A request is sent. Only a `ready` worker accepts one.
    public mutating func begin(requestID: UInt64, tool: String) throws(PythonWorkerError) {
        switch self {
        case .ready:
            self = .busy(requestID: requestID, tool: tool)
        case .starting:
            throw .notReady("python worker is still starting")
        case .busy(_, let running):
            throw .notReady("python worker is busy running \(running)")
        case .dead:
            throw .notReady("python worker is dead")
        }
    }

    /// The request's last frame arrived. Returns false when that request is not the one running.
    public mutating func finish(requestID: UInt64) -> Bool {
        switch self {
        case .busy(let running, _) where running == requestID:
            self = .ready
            return true
        case .starting, .ready, .busy, .dead:
            return false
        }
    }

    /// The process is gone (or is being killed). Returns the tool that was running, if any.
    @discardableResult
    public mutating func die() -> (requestID: UInt64, tool: String)? {
        switch self {
        case .busy(let requestID, let tool):
            self = .dead
            return (requestID, tool)
        case .starting, .ready, .dead:
            self = .dead
            return nil
        }
    }

    /// Whether the worker can never run anything again.
    public var isDead: Bool {
        if case .dead = self { return true }
        return false
    }
}
