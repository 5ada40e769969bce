import FlowSpec
import Foundation
import PythonHost
import Synchronization

/// Python worker pools of the snapshots being tested, kept between test calls so a second call does not pay for
/// starting Python again: at most `limit` snapshots at once (the least recently used idle one makes room), each
/// pool stopped after `idleTimeout` without a call, and all of them at `shutdown`.
final class SnapshotWorkerPools: Sendable {
    /// Starts the pool of a snapshot's flow (nil when the flow runs no Python).
    typealias Factory = @Sendable (_ flow: Flow, _ snapshotID: String) async throws -> PythonWorkerPool?

    private struct Entry {
        let pool: PythonWorkerPool
        var users: Int
        var lastUsed: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var reaper: Task<Void, Never>?
        var closed = false
    }

    let limit: Int
    let idleTimeout: Duration
    private let factory: Factory
    private let state = Mutex(State())

    init(limit: Int, idleTimeout: Duration, factory: @escaping Factory) {
        self.limit = max(1, limit)
        self.idleTimeout = idleTimeout
        self.factory = factory
    }

    /// The snapshots that have a pool now.
    var snapshotIDs: [String] { state.withLock { $0.entries.keys.sorted() } }

    /// The pool of `snapshotID`, started when it has none; hold it until `release(_:)`.
    /// Throws `SnapshotTestError.busy` when `limit` other snapshots are in use or the server is stopping.
    func acquire(_ snapshotID: String, flow: Flow) async throws -> PythonWorkerPool? {
        if let pool = try take(snapshotID) { return pool }
        guard let fresh = try await factory(flow, snapshotID) else { return nil }
        var evicted: PythonWorkerPool?
        let outcome = state.withLock { state -> Result<PythonWorkerPool, SnapshotTestError> in
            if state.closed { return .failure(.busy("the server is stopping")) }
            if var existing = state.entries[snapshotID] {
                // Another call started one meanwhile: use it, drop ours.
                existing.users += 1
                state.entries[snapshotID] = existing
                evicted = fresh
                return .success(existing.pool)
            }
            if state.entries.count >= limit {
                let idle = state.entries.filter { $0.value.users == 0 }.min { $0.value.lastUsed < $1.value.lastUsed }
                guard let idle else {
                    evicted = fresh
                    return .failure(
                        .busy("\(limit) flows are being tested at once; retry when one of them has answered"))
                }
                evicted = state.entries.removeValue(forKey: idle.key)?.pool
            }
            state.entries[snapshotID] = Entry(pool: fresh, users: 1, lastUsed: .now)
            if state.reaper == nil { state.reaper = startReaper() }
            return .success(fresh)
        }
        evicted?.shutdown()
        return try outcome.get()
    }

    /// Gives back a pool `acquire` handed out; its idle time starts now.
    func release(_ snapshotID: String) {
        state.withLock { state in
            guard var entry = state.entries[snapshotID] else { return }
            entry.users = max(0, entry.users - 1)
            entry.lastUsed = .now
            state.entries[snapshotID] = entry
        }
    }

    /// Stops every pool; later calls are refused.
    func shutdown() {
        let (pools, reaper) = state.withLock { state in
            state.closed = true
            defer {
                state.entries = [:]
                state.reaper = nil
            }
            return (state.entries.values.map(\.pool), state.reaper)
        }
        reaper?.cancel()
        for pool in pools { pool.shutdown() }
    }

    /// The existing pool of `snapshotID`, counted as in use.
    private func take(_ snapshotID: String) throws(SnapshotTestError) -> PythonWorkerPool? {
        let found = state.withLock { state -> PythonWorkerPool?? in
            if state.closed { return .some(nil) }
            guard var entry = state.entries[snapshotID] else { return nil }
            entry.users += 1
            state.entries[snapshotID] = entry
            return .some(entry.pool)
        }
        switch found {
        case .some(nil): throw .busy("the server is stopping")
        case .some(let pool?): return pool
        case nil: return nil
        }
    }

    /// Stops the pools idle for `idleTimeout`; the reaper ends when no pool is left.
    private func startReaper() -> Task<Void, Never> {
        let interval = max(idleTimeout / 4, .milliseconds(50))
        return Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, self.sweep() else { return }
            }
        }
    }

    /// Removes and stops expired pools; false when none is left (the reaper stops).
    private func sweep() -> Bool {
        let now = ContinuousClock.now
        let (expired, remaining) = state.withLock { state -> ([PythonWorkerPool], Bool) in
            let names = state.entries.filter { $0.value.users == 0 && now - $0.value.lastUsed >= idleTimeout }.keys
            let pools = names.compactMap { state.entries.removeValue(forKey: $0)?.pool }
            if state.entries.isEmpty { state.reaper = nil }
            return (pools, !state.entries.isEmpty)
        }
        for pool in expired { pool.shutdown() }
        return remaining
    }
}
