/// The last lines of a deployment kept in memory, for a control plane without a data directory (a deployment's
/// log is on disk otherwise, see `LogFiles`). Bounded so a chatty flow cannot grow the server's memory. Not
/// thread-safe: only its `DeploymentLog`'s queue touches it.
struct LogRing {
    /// Lines kept per deployment.
    static let defaultCapacity = 2_000

    let capacity: Int
    private var lines: [DeploymentLog.Line] = []
    /// Index of the oldest line once the buffer is full.
    private var start = 0

    init(capacity: Int = LogRing.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// Adds one line, dropping the oldest beyond `capacity`.
    mutating func append(_ line: DeploymentLog.Line) {
        if lines.count < capacity {
            lines.append(line)
        } else {
            lines[start] = line
            start = (start + 1) % capacity
        }
    }

    /// The last `count` lines of `source` (every source when `nil`), oldest first, in the order they came.
    func last(_ count: Int, source: String?) -> [String] {
        var result: [String] = []
        var index = lines.count - 1
        while index >= 0, result.count < count {
            let line = lines[(start + index) % lines.count]
            if source == nil || line.source == source { result.append(line.text) }
            index -= 1
        }
        return result.reversed()
    }
}
