import Synchronization

/// Test support only: a bound on how many test servers (platform, console, CLI, API fixtures) run at once across
/// the whole test process. Swift Testing runs every suite in parallel; with ~80 servers at once the process held
/// over 1,300 file descriptors, and Foundation's `Process.run` on Linux then read past the end of its
/// `/proc/self/fd` listing and crashed. A fixture takes a slot before it starts its server and gives it back
/// when it stops (or is released).
public final class ServerSlots: Sendable {
    /// The process-wide bound shared by every fixture.
    public static let shared = ServerSlots(limit: 6)

    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    public init(limit: Int) {
        state = Mutex(State(free: max(1, limit)))
    }

    /// Whether the current task already runs inside `withSlot` (a nested call then takes no second slot).
    @TaskLocal static var holding = false

    /// Runs `body` holding a slot; inside another `withSlot` of the same task it takes none (no self-deadlock).
    public func withSlot<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        if Self.holding { return try await body() }
        let slot = await acquire()
        defer { slot.release() }
        return try await Self.$holding.withValue(true) { try await body() }
    }

    /// Waits for a free slot; the slot is given back by `Slot.release()` or when the slot is deinitialized.
    public func acquire() async -> Slot {
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
        return Slot(owner: self)
    }

    fileprivate func giveBack() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }

    /// One held slot; released once, explicitly or at deinit.
    public final class Slot: Sendable {
        private let owner: ServerSlots
        private let released = Atomic<Bool>(false)

        fileprivate init(owner: ServerSlots) {
            self.owner = owner
        }

        public func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { owner.giveBack() }
        }

        deinit { release() }
    }
}
