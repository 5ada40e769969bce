/// What a Python worker process is doing: starting → ready ⇄ busy → dead.
/// A busy worker may have more requests queued behind the running one (see ``PythonWorkerPool/pipelineDepth``).
public enum PythonWorkerState: Sendable, Equatable {
    /// The process was launched and has not yet said hello.
    case starting
    /// Idle: nothing in flight.
    case ready
    /// Running `requestID` (`tool`); others may wait behind it.
    case busy(requestID: UInt64, tool: String)
    /// Exited or was killed; it never comes back (the pool starts a replacement).
    case dead

    /// Whether the worker can never run anything again.
    public var isDead: Bool {
        if case .dead = self { return true }
        return false
    }
}
