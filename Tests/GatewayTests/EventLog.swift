import Synchronization

/// What happened, in order, across tasks: tests assert orderings from it instead of timing.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])

    func append(_ event: String) {
        events.withLock { $0.append(event) }
    }

    var all: [String] { events.withLock { $0 } }

    /// Whether `first` was recorded before `second` (both recorded).
    func recorded(_ first: String, before second: String) -> Bool {
        let all = self.all
        guard let a = all.firstIndex(of: first), let b = all.firstIndex(of: second) else { return false }
        return a < b
    }
}
