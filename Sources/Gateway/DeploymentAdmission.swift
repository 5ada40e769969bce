import Platform
import Synchronization

/// Admission and instance choice for one published `LiveDeployment` object: up to `capacity` requests run,
/// up to as many again wait (at most `queueWait`), the rest are refused at once; instances by least in flight.
/// Waiters are admitted in arrival order as slots free up; a waiter that times out or is cancelled leaves the queue.
final class DeploymentAdmission: Sendable {
    /// Why a request was or was not admitted.
    enum Outcome: Sendable, Equatable {
        case admitted
        /// `capacity` run and `capacity` wait already.
        case queueFull
        /// It waited `queueWait` without a slot freeing.
        case waitedTooLong
        /// The caller went away while waiting.
        case cancelled
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Outcome, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var running = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        /// Requests in flight per instance (same order as the deployment's instances).
        var loads: [Int]
        /// Where the next least-loaded scan starts, so ties go round robin.
        var nextInstance = 0
    }

    /// How many requests run at once: `max_concurrent_requests_per_instance × instances`.
    let capacity: Int
    /// How many may wait for a slot (as many as run).
    let queueLimit: Int
    let queueWait: Duration
    private let state: Mutex<State>

    init(settings: RequestSettings, instanceCount: Int) {
        capacity = max(1, settings.maxConcurrentRequestsPerInstance * max(1, instanceCount))
        queueLimit = capacity
        queueWait = .milliseconds(max(0, settings.maxQueueWaitMS))
        state = Mutex(State(loads: Array(repeating: 0, count: max(1, instanceCount))))
    }

    /// Takes a run slot, waiting in line when all are busy; every `.admitted` must be paired with `release()`.
    func acquire() async -> Outcome {
        let immediate: Outcome? = state.withLock { state in
            if state.running < capacity {
                state.running += 1
                return .admitted
            }
            if state.waiters.count >= queueLimit { return .queueFull }
            return queueWait == .zero ? .waitedTooLong : nil
        }
        if let immediate { return immediate }
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let early: Outcome? = state.withLock { state in
                    if state.running < capacity {
                        state.running += 1
                        return .admitted
                    }
                    if state.waiters.count >= queueLimit { return .queueFull }
                    if Task.isCancelled { return .cancelled }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let early {
                    continuation.resume(returning: early)
                    return
                }
                let wait = queueWait
                let timer = Task { [weak self] in
                    do {
                        try await Task.sleep(for: wait)
                    } catch {
                        return
                    }
                    self?.leaveQueue(id, .waitedTooLong)
                }
                let stillWaiting = state.withLock { state in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return false }
                    state.waiters[index].timer = timer
                    return true
                }
                if !stillWaiting { timer.cancel() }
            }
        } onCancel: {
            leaveQueue(id, .cancelled)
        }
    }

    /// Takes a run slot only when one is free now and nobody waits (never queues): for mirrored copies, which
    /// must not take a live request's place. Pair `true` with `release()`.
    func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.running < capacity, state.waiters.isEmpty else { return false }
            state.running += 1
            return true
        }
    }

    /// Frees a run slot: the longest waiter takes it over, else the slot becomes free.
    func release() {
        let next: Waiter? = state.withLock { state in
            if state.waiters.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        if let next {
            next.timer?.cancel()
            next.continuation.resume(returning: .admitted)
        }
    }

    /// The instance with the fewest requests in flight (ties in turn); pair with `finished(instance:)`.
    func claimInstance(accepting: (Int) -> Bool = { _ in true }) -> Int {
        state.withLock { state in
            let count = state.loads.count
            // Least in flight among the instances that accept requests now (round robin on ties); when none
            // accepts, among all, so the caller gets that instance's own answer (503 → 424 with its reason).
            let open = (0..<count).filter(accepting)
            let candidates = open.isEmpty ? Array(0..<count) : open
            var best = candidates.min { a, b in
                let ra = (a - state.nextInstance + count) % count
                let rb = (b - state.nextInstance + count) % count
                return state.loads[a] != state.loads[b] ? state.loads[a] < state.loads[b] : ra < rb
            } ?? 0
            if best >= count { best = 0 }
            state.nextInstance = (best + 1) % count
            state.loads[best] += 1
            return best
        }
    }

    /// The request on `instance` has finished.
    func finished(instance: Int) {
        state.withLock { $0.loads[instance] -= 1 }
    }

    private func leaveQueue(_ id: UInt64, _ outcome: Outcome) {
        let waiter: Waiter? = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        guard let waiter else { return }
        waiter.timer?.cancel()
        waiter.continuation.resume(returning: outcome)
    }
}
