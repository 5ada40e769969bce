import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Log lines for one file descriptor (standard error), written in batches by one background thread.
///
/// A serving process logs a line per request; writing each one with its own `write(2)` (and, with swift-log's
/// stream handler, formatting a local-time stamp that stats `/etc/localtime` every time) took a third of a busy
/// core. Here `append` only copies the line into a buffer under a lock; the writer thread wakes for the first line
/// of a batch, lets the batch gather for at most `interval`, and writes it with one call. A line marked urgent
/// (warnings and worse) and a buffer past `highWater` are written at once, and ``flush()`` (also run at `exit`)
/// returns only when everything appended before it is out. Lines are never reordered; if the descriptor fails,
/// lines are dropped, never the caller.
public final class LogLineWriter: @unchecked Sendable {
    /// Standard error, flushed at process exit.
    public static let standardError: LogLineWriter = {
        let writer = LogLineWriter(fileDescriptor: 2)
        atexit { LogLineWriter.standardError.flush() }
        return writer
    }()

    private let fileDescriptor: Int32
    private let interval: TimeInterval
    private let highWater: Int

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var buffer: [UInt8] = []
    private var urgent = false
    /// Bytes appended in all, and bytes handed to `write(2)` in all: a flush waits until the second reaches the first.
    private var appended = 0
    private var written = 0
    private var flushWaiters = 0
    private var stopping = false

    /// A writer for `fileDescriptor` (not closed by the writer) with its own background thread.
    public init(fileDescriptor: Int32, interval: Duration = .milliseconds(25), highWater: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        let (seconds, attoseconds) = interval.components
        self.interval = Double(seconds) + Double(attoseconds) / 1e18
        self.highWater = highWater
        buffer.reserveCapacity(highWater)
        let thread = Thread { [self] in run() }
        thread.name = "flowgate-log"
        thread.start()
    }

    /// Queues `line` (a newline is added when it has none); `urgent` has it written at once.
    public func append(_ line: some BidirectionalCollection<UInt8>, urgent isUrgent: Bool = false) {
        condition.lock()
        if stopping {
            condition.unlock()
            return
        }
        let wasEmpty = buffer.isEmpty
        buffer.append(contentsOf: line)
        var count = line.count
        if line.last != UInt8(ascii: "\n") {
            buffer.append(UInt8(ascii: "\n"))
            count += 1
        }
        appended += count
        if isUrgent { urgent = true }
        // The writer sleeps until a batch starts, then gathers for `interval` unless told it is urgent.
        if wasEmpty || isUrgent || buffer.count >= highWater { condition.signal() }
        condition.unlock()
    }

    /// Returns when every line appended before the call has been written.
    public func flush() {
        condition.lock()
        let target = appended
        if written < target {
            urgent = true
            flushWaiters += 1
            condition.broadcast()
            while written < target { condition.wait() }
            flushWaiters -= 1
        }
        condition.unlock()
    }

    /// Writes what is queued and ends the writer's thread; later lines are dropped. For writers of a limited life
    /// (tests); ``standardError`` lives as long as the process.
    public func stop() {
        flush()
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        var batch: [UInt8] = []
        batch.reserveCapacity(highWater)
        while true {
            condition.lock()
            while buffer.isEmpty, !stopping { condition.wait() }
            if stopping {
                buffer = []
                condition.unlock()
                return
            }
            if !urgent, buffer.count < highWater {
                // Let the batch gather; an urgent line, a full buffer or a flush cuts the wait short.
                let deadline = Date(timeIntervalSinceNow: interval)
                while !urgent, buffer.count < highWater, condition.wait(until: deadline) {}
            }
            swap(&batch, &buffer)
            urgent = false
            condition.unlock()

            writeAll(batch)

            condition.lock()
            written += batch.count
            if flushWaiters > 0 { condition.broadcast() }
            condition.unlock()
            batch.removeAll(keepingCapacity: batch.capacity <= 4 * highWater)
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard var pointer = raw.baseAddress else { return }
            var remaining = raw.count
            while remaining > 0 {
                let count = write(fileDescriptor, pointer, remaining)
                if count < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN {
                        // A non-blocking descriptor that is full: wait until it drains.
                        var waiting = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                        if poll(&waiting, 1, 1000) > 0 { continue }
                    }
                    return  // a closed or failing descriptor: the lines are dropped, the process goes on
                }
                pointer += count
                remaining -= count
            }
        }
    }
}
