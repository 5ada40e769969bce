/// The requests a worker has been sent and not finished, in the order its host runs them: the first one is
/// running, the others wait in the host's input. Every transition is a method here; an illegal one is refused.
///
/// Plain requests may queue behind plain ones (pipelining); an exclusive one (a stream, an inspect) starts only
/// on an empty worker and nothing queues behind it. A queued request that is cancelled stays as a placeholder
/// until the host acknowledges the cancel or answers it, so the order stays the host's.
struct WorkerCallQueue: Sendable {
    /// One request sent to the host.
    struct Entry: Sendable, Equatable {
        let id: UInt64
        let tool: String
        let exclusive: Bool
        /// Counted from when the request starts running (becomes the first).
        let timeout: Duration?
        var cancelled = false

        init(id: UInt64, tool: String, exclusive: Bool = false, timeout: Duration? = nil) {
            self.id = id
            self.tool = tool
            self.exclusive = exclusive
            self.timeout = timeout
        }
    }

    private enum Lifecycle {
        case starting, open, dead
    }

    private var lifecycle = Lifecycle.starting
    /// In the host's order; the first is running.
    private(set) var entries: [Entry] = []

    /// The request running now, if any.
    var running: Entry? { entries.first }

    /// The public view: starting, ready (nothing in flight), busy (running the first request), dead.
    var state: PythonWorkerState {
        switch lifecycle {
        case .starting: return .starting
        case .dead: return .dead
        case .open: return entries.first.map { .busy(requestID: $0.id, tool: $0.tool) } ?? .ready
        }
    }

    /// The worker's hello arrived. Returns false when it is not starting (nothing changes).
    mutating func started() -> Bool {
        guard lifecycle == .starting else { return false }
        lifecycle = .open
        return true
    }

    /// Queues `entry`. Returns true when it runs at once (nothing ahead of it). A dead worker refuses with
    /// `notStarted` (the pool sends the request elsewhere); a starting one, or a queue an exclusive request
    /// cannot join, with `notReady`.
    mutating func admit(_ entry: Entry) throws(PythonWorkerError) -> Bool {
        switch lifecycle {
        case .starting: throw .notReady("python worker is still starting")
        case .dead: throw .notStarted("the python worker is dead")
        case .open: break
        }
        if let blocking = entry.exclusive ? entries.first : entries.first(where: \.exclusive) {
            throw .notReady("python worker is busy running \(blocking.tool)")
        }
        entries.append(entry)
        return entries.count == 1
    }

    /// The request's last frame, or the host's cancel acknowledgement, arrived: it leaves the queue.
    /// Returns the request that starts running because of it (nil when `id` was not running or nothing follows).
    mutating func finish(_ id: UInt64) -> Entry? {
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return nil }
        entries.remove(at: index)
        return index == 0 ? entries.first : nil
    }

    /// Marks a queued request cancelled. Returns false when it is running or unknown (nothing changes).
    mutating func cancelQueued(_ id: UInt64) -> Bool {
        guard let index = entries.firstIndex(where: { $0.id == id }), index > 0 else { return false }
        entries[index].cancelled = true
        return true
    }

    /// The process is gone or being killed: returns the running request and those that had not started.
    @discardableResult
    mutating func die() -> (running: Entry?, waiting: [Entry]) {
        lifecycle = .dead
        let all = entries
        entries = []
        return (all.first, Array(all.dropFirst()))
    }

    /// Whether the worker can never run anything again.
    var isDead: Bool { lifecycle == .dead }
}
