/// A call waiting in ``PythonWorkerPool``'s queue for a worker; guarded by the pool's lock.
/// `cancelled` covers a cancellation that arrives before the waiter is queued.
final class PoolWaiter: @unchecked Sendable {
    let demand: PoolDemand
    var continuation: CheckedContinuation<PythonWorker, any Error>?
    var cancelled = false

    init(demand: PoolDemand) {
        self.demand = demand
    }
}
