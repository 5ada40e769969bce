import Foundation

// Which worker a call goes to, and what happens when it comes back.
extension PythonWorkerPool {
    /// A worker for `demand`, counted as given until `release`. `resent` calls (their worker died before they
    /// started) are not refused by a full queue and wait at its front.
    func acquire(_ demand: PoolDemand, resent: Bool = false) async throws -> PythonWorker {
        switch lock.withLock({ place(demand, resent: resent) }) {
        case .worker(let worker): return worker
        case .slot: return try await startWorker(for: demand)
        case .failure(let error): throw error
        case .wait: break
        }
        let waiter = PoolWaiter(demand: demand)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PythonWorker, any Error>) in
                lock.lock()
                if waiter.cancelled {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                // Things may have changed since the first look.
                switch place(demand, resent: resent) {
                case .worker(let worker):
                    lock.unlock()
                    continuation.resume(returning: worker)
                case .slot:
                    lock.unlock()
                    Task { continuation.resume(with: await Result(catching: { try await startWorker(for: demand) })) }
                case .failure(let error):
                    lock.unlock()
                    continuation.resume(throwing: error)
                case .wait:
                    waiter.continuation = continuation
                    if resent { waiters.insert(waiter, at: 0) } else { waiters.append(waiter) }
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            waiter.cancelled = true
            let queued = waiters.firstIndex { $0 === waiter }.map { waiters.remove(at: $0) }
            lock.unlock()
            queued?.continuation?.resume(throwing: CancellationError())
        }
    }

    enum Placement {
        case worker(PythonWorker)
        case slot
        case wait
        case failure(PythonWorkerError)
    }

    /// An idle worker, else a slot to start one in, else room on a busy one, else wait (called with `lock` held).
    private func place(_ demand: PoolDemand, resent: Bool) -> Placement {
        if isShutDown { return .failure(.shutDown) }
        while let worker = idle.popLast() {
            if slots[worker.processIdentifier] != nil, !worker.state.isDead {
                give(worker, demand)
                return .worker(worker)
            }
            forget(worker)
        }
        if live < size {
            live += 1
            return .slot
        }
        // Calls already waiting go first (an exclusive one waits for a worker to empty).
        if waiters.isEmpty, let worker = pipelineTarget(for: demand) {
            give(worker, demand)
            return .worker(worker)
        }
        if !resent, waiters.count >= queueLimit { return .failure(.queueFull(limit: queueLimit)) }
        return .wait
    }

    /// The busy worker with the fewest calls in flight that can queue `demand` behind them.
    private func pipelineTarget(for demand: PoolDemand) -> PythonWorker? {
        guard !demand.exclusive, pipelineDepth > 1 else { return nil }
        var best: PoolSlot?
        for slot in slots.values where fits(demand, on: slot) && slot.inFlight < (best?.inFlight ?? Int.max) {
            best = slot
        }
        guard let worker = best?.worker, !worker.state.isDead else { return nil }
        return worker
    }

    private func fits(_ demand: PoolDemand, on slot: PoolSlot) -> Bool {
        if slot.inFlight == 0 { return true }
        return !demand.exclusive && !slot.exclusive && slot.inFlight < pipelineDepth
            && slot.bytes + demand.bytes <= Self.pipelinedBytesLimit && !slot.worker.isRunning(longerThan: longCall)
    }

    private func give(_ worker: PythonWorker, _ demand: PoolDemand) {
        slots[worker.processIdentifier]?.take(demand)
    }

    /// Starts a worker for a slot already counted in `live`; it is given to the caller for `demand`.
    private func startWorker(for demand: PoolDemand) async throws -> PythonWorker {
        do {
            let worker = try await PythonWorker.start(configuration)
            let accepted = lock.withLock {
                if isShutDown { return false }
                var slot = PoolSlot(worker: worker)
                slot.take(demand)
                slots[worker.processIdentifier] = slot
                return true
            }
            guard accepted else {
                worker.shutdown()
                throw PythonWorkerError.shutDown
            }
            return worker
        } catch {
            lock.withLock { live -= 1 }
            throw error
        }
    }

    /// A call given for `demand` finished. A live worker takes the longest waiters it can; a dead one is dropped
    /// and its slot goes to the longest waiter, on a fresh worker.
    func release(_ worker: PythonWorker, _ demand: PoolDemand) {
        lock.lock()
        guard var slot = slots[worker.processIdentifier] else {
            lock.unlock()
            return
        }
        slot.giveBack(demand)
        if !isShutDown, !worker.state.isDead {
            var served: [PoolWaiter] = []
            while let waiter = waiters.first, fits(waiter.demand, on: slot) {
                waiters.removeFirst()
                slot.take(waiter.demand)
                served.append(waiter)
            }
            slots[worker.processIdentifier] = slot
            if slot.inFlight == 0 { idle.append(worker) }
            lock.unlock()
            for waiter in served { waiter.continuation?.resume(returning: worker) }
            return
        }
        forget(worker)
        guard !waiters.isEmpty, !isShutDown, live < size else {
            lock.unlock()
            return
        }
        let waiter = waiters.removeFirst()
        live += 1
        lock.unlock()
        Task {
            waiter.continuation?.resume(
                with: await Result(catching: { try await startWorker(for: waiter.demand) }))
        }
    }

    /// Drops a dead worker from the books (called with `lock` held).
    private func forget(_ worker: PythonWorker) {
        if slots.removeValue(forKey: worker.processIdentifier) != nil {
            live -= 1
        }
        if !worker.state.isDead { worker.kill() }
    }
}
