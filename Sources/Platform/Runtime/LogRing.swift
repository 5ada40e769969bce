import Foundation
import Synchronization

/// The last log lines of one deployment's instances (and its provisioning: pip's output, failures), bounded so a
/// chatty flow cannot grow the server's memory; `logs(endpoint:deployment:lines:)` reads it.
public final class LogRing: Sendable {
    /// Lines kept per deployment.
    public static let defaultCapacity = 2_000
    /// Longest line kept; longer ones are cut (a tool printing a megabyte on one line).
    public static let maxLineLength = 4_096

    public let capacity: Int
    private let storage: Mutex<Storage>

    private struct Storage {
        var lines: [String] = []
        /// Index of the oldest line once the buffer is full.
        var start = 0
    }

    public init(capacity: Int = LogRing.defaultCapacity) {
        self.capacity = max(1, capacity)
        self.storage = Mutex(Storage())
    }

    /// Adds one line (a line with newlines is split), dropping the oldest beyond `capacity`.
    public func append(_ text: String) {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        storage.withLock { storage in
            for part in parts {
                let line = part.count > Self.maxLineLength ? String(part.prefix(Self.maxLineLength)) + "…" : String(part)
                if storage.lines.count < capacity {
                    storage.lines.append(line)
                } else {
                    storage.lines[storage.start] = line
                    storage.start = (storage.start + 1) % capacity
                }
            }
        }
    }

    /// The last `count` lines, oldest first.
    public func last(_ count: Int) -> [String] {
        storage.withLock { storage in
            let ordered = Array(storage.lines[storage.start...] + storage.lines[..<storage.start])
            return Array(ordered.suffix(max(0, count)))
        }
    }
}
