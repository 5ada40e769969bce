import Synchronization

/// The cap on concurrent runs: up to `maxRunning` at once, up to `maxQueued` waiting in arrival order,
/// and a refusal (429) beyond that. The lock is never held across a suspension.
final class RunAdmission: Sendable {
    /// Why a request was not admitted.
    enum Refusal: Error {
        case queueFull
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var running = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        /// Waiters cancelled before they could be queued.
        var cancelled: Set<UInt64> = []
        /// Waiters between taking an id and being queued (or refused).
        var arriving: Set<UInt64> = []
    }

    let maxRunning: Int
    let maxQueued: Int
    private let state = Mutex(State())

    init(maxRunning: Int, maxQueued: Int) {
        self.maxRunning = max(1, maxRunning)
        self.maxQueued = max(0, maxQueued)
    }

    /// Runs admitted right now.
    var running: Int { state.withLock { $0.running } }
    /// Requests waiting for a slot.
    var queued: Int { state.withLock { $0.waiters.count } }

    /// Waits for a run slot; throws `Refusal.queueFull` when the queue is full, `CancellationError` when
    /// the task is cancelled while waiting. Every successful call must be paired with `release()`.
    func acquire() async throws {
        let id: UInt64? = state.withLock { state in
            if state.running < maxRunning {
                state.running += 1
                return nil
            }
            state.nextID &+= 1
            state.arriving.insert(state.nextID)
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case admitted, queued, full, cancelled }
                let outcome: Outcome = state.withLock { state in
                    state.arriving.remove(id)
                    if state.cancelled.remove(id) != nil { return .cancelled }
                    if state.running < maxRunning {
                        state.running += 1
                        return .admitted
                    }
                    if state.waiters.count >= maxQueued { return .full }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch outcome {
                case .admitted: continuation.resume()
                case .queued: break
                case .full: continuation.resume(throwing: Refusal.queueFull)
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index).continuation
                }
                if state.arriving.contains(id) { state.cancelled.insert(id) }
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Frees a slot, handing it to the longest-waiting request if there is one.
    func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
