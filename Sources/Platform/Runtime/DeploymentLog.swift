import Foundation
import Logging
import Synchronization
import Telemetry

/// One deployment's log: the lines of its instances and of its provisioning (pip's output, failures), one text line
/// each, `2026-11-26T08:02:05.123Z info [blue-0] text`. On disk under the data directory (`LogFiles`, rotated by size,
/// it outlives a restart), or in memory (`LogRing`) when the control plane has no folder for it.
///
/// `append` only queues the line under a short lock (it runs on the request path: instances log each request);
/// one serial queue per deployment writes the files and hands the lines to followers, so no lock is ever held
/// across file I/O. A failing disk drops lines, with one warning, and never fails the caller.
public final class DeploymentLog: Sendable {
    /// One line and the source it came from (an instance id, or `provisioning`).
    struct Line: Sendable {
        let source: String
        let text: String
    }

    private struct Follower {
        let source: String?
        let continuation: AsyncStream<String>.Continuation
    }

    private struct State {
        var pending: [Line] = []
        var draining = false
        var dropped = 0
        var followers: [Int: Follower] = [:]
        var nextFollower = 0
        /// No more followers: the deployment is gone or the server stops.
        var followingEnded = false
        var closed = false
    }

    /// Longest line kept; longer ones are cut (a tool printing a megabyte on one line).
    public static let maxLineLength = 4_096
    /// Lines waiting for the writer beyond this are dropped (a disk that stalls must not grow memory).
    static let maxPending = 20_000
    /// Followers per deployment; a new one beyond this ends the oldest (a console tab left open and reopened).
    static let maxFollowers = 32
    /// Lines a slow follower may fall behind before it loses the oldest of them.
    static let followerBuffer = 10_000

    let key: DeploymentKey
    private let state = Mutex(State())
    private let queue: DispatchQueue
    /// Used on `queue` only.
    private let sink: Sink
    private let logger: Logger

    /// A log writing under `folder` (memory only when `nil`); `logger` gets the one warning of a failing disk.
    init(key: DeploymentKey, folder: URL?, rotation: LogRotation = LogRotation(), logger: Logger) {
        self.key = key
        self.queue = DispatchQueue(label: "flowgate.logs.\(key)")
        self.sink = Sink(files: folder.map { LogFiles(folder: $0, rotation: rotation) })
        self.logger = logger
    }

    /// Queues `text` from `source` (each line of it, timestamped now) for the files and the followers.
    public func append(source: String, level: Logger.Level = .info, text: String, at date: Date = Date()) {
        let prefix = "\(LogTimestamp.text(date)) \(level) [\(source)] "
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { part in
            let cut = part.count > Self.maxLineLength ? String(part.prefix(Self.maxLineLength)) + "…" : String(part)
            return Line(source: source, text: prefix + cut)
        }
        let start = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            let room = Self.maxPending - state.pending.count
            state.pending.append(contentsOf: lines.prefix(max(0, room)))
            state.dropped += max(0, lines.count - room)
            guard !state.draining else { return false }
            state.draining = true
            return true
        }
        if start { queue.async { self.drain() } }
    }

    /// The last `count` lines, oldest first, of every source merged by time (of `source` only when given).
    public func tail(_ count: Int, source: String? = nil) async -> [String] {
        await onQueue { self.sink.last(count, source: source) }
    }

    /// The last `count` lines (as `tail`), then every line written after them until the deployment is deleted,
    /// the server stops (`endFollowing`) or the caller stops iterating.
    public func follow(_ count: Int, source: String? = nil) async -> (tail: [String], lines: AsyncStream<String>) {
        let (lines, continuation) = AsyncStream.makeStream(
            of: String.self, bufferingPolicy: .bufferingNewest(Self.followerBuffer))
        let tail = await onQueue {
            // On the queue: no line can be written between reading the tail and joining the followers.
            let tail = self.sink.last(count, source: source)
            let (id, evicted, ended) = self.state.withLock { state -> (Int, Follower?, Bool) in
                if state.followingEnded { return (-1, nil, true) }
                let id = state.nextFollower
                state.nextFollower += 1
                state.followers[id] = Follower(source: source, continuation: continuation)
                let evicted = state.followers.count > Self.maxFollowers ? state.followers.keys.min() : nil
                return (id, evicted.flatMap { state.followers.removeValue(forKey: $0) }, false)
            }
            evicted?.continuation.finish()
            if ended {
                continuation.finish()
            } else {
                continuation.onTermination = { [weak self] _ in
                    self?.state.withLock { _ = $0.followers.removeValue(forKey: id) }
                }
            }
            return tail
        }
        return (tail, lines)
    }

    /// Followers now (tests: a client that went is no longer one).
    var followerCount: Int { state.withLock { $0.followers.count } }

    /// Ends every follower's stream, now and for later `follow` calls (which get their tail only).
    public func endFollowing() {
        let followers = state.withLock { state in
            state.followingEnded = true
            defer { state.followers = [:] }
            return Array(state.followers.values)
        }
        for follower in followers { follower.continuation.finish() }
    }

    /// Writes what is queued, ends the followers and closes the files; lines appended later are dropped. With
    /// `removingFiles` (the deployment was deleted) its folder goes too.
    func close(removingFiles: Bool) async {
        endFollowing()
        state.withLock { $0.closed = true }
        await onQueue {
            self.sink.close()
            if removingFiles, let folder = self.sink.files?.folder {
                try? FileManager.default.removeItem(at: folder)
            }
        }
    }

    /// Runs `body` on the queue after the lines queued so far were written.
    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async {
                self.drain()
                continuation.resume(returning: body())
            }
        }
    }

    /// Writes the queued lines and hands them to the followers, until none are left. On `queue`.
    private func drain() {
        while true {
            let (lines, dropped, followers) = state.withLock { state -> ([Line], Int, [Follower]) in
                defer {
                    state.pending = []
                    state.dropped = 0
                }
                if state.pending.isEmpty && state.dropped == 0 { state.draining = false }
                return (state.pending, state.dropped, Array(state.followers.values))
            }
            if lines.isEmpty && dropped == 0 { return }
            if dropped > 0 { sink.warnOnce(logger, key: key, "\(dropped) log line(s) dropped: the writer fell behind") }
            if let failure = sink.write(lines) { sink.warnOnce(logger, key: key, failure) }
            for follower in followers {
                for line in lines where follower.source == nil || follower.source == line.source {
                    follower.continuation.yield(line.text)
                }
            }
        }
    }
}

extension DeploymentLog {
    /// Where the lines go: the files, or the memory ring. Used on the log's queue only.
    fileprivate final class Sink: @unchecked Sendable {
        let files: LogFiles?
        private var ring = LogRing()
        private var warned = false

        init(files: LogFiles?) {
            self.files = files
        }

        /// Writes `lines`; the first failure's message when some could not be written.
        func write(_ lines: [Line]) -> String? {
            guard let files else {
                for line in lines { ring.append(line) }
                return nil
            }
            var failure: String?
            var bySource: [String: [String]] = [:]
            var order: [String] = []
            for line in lines {
                if bySource[line.source] == nil { order.append(line.source) }
                bySource[line.source, default: []].append(line.text)
            }
            for source in order {
                do {
                    try files.write(bySource[source] ?? [], source: source)
                } catch {
                    failure = failure ?? "log lines dropped: \(error)"
                }
            }
            return failure
        }

        func last(_ count: Int, source: String?) -> [String] {
            guard let files else { return ring.last(count, source: source) }
            return LogMerge.last(count, of: files.last(count, source: source))
        }

        func close() {
            files?.closeAll()
        }

        func warnOnce(_ logger: Logger, key: DeploymentKey, _ message: String) {
            guard !warned else { return }
            warned = true
            logger.warning("\(message)", metadata: ["deployment": "\(key)"])
        }
    }
}
