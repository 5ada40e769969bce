import Synchronization
import Testing

@testable import FlowServer

/// The concurrent-run cap: slots handed over in arrival order, a bounded queue, cancelled waiters leave it.
@Suite struct RunAdmissionTests {
    @Test func slotsGoToWaitersInOrderAndTheQueueIsBounded() async throws {
        let admission = RunAdmission(maxRunning: 1, maxQueued: 2)
        try await admission.acquire()
        let order = OrderLog()
        let first = Task {
            try await admission.acquire()
            order.append(1)
        }
        try await LimitsTests.waitUntil { admission.queued == 1 }
        let second = Task {
            try await admission.acquire()
            order.append(2)
        }
        try await LimitsTests.waitUntil { admission.queued == 2 }
        await #expect(throws: RunAdmission.Refusal.self) { try await admission.acquire() }
        admission.release()
        try await first.value
        #expect(admission.running == 1 && admission.queued == 1)
        admission.release()
        try await second.value
        #expect(order.values == [1, 2])
        admission.release()
        #expect(admission.running == 0)
    }

    @Test func cancelledWaiterLeavesTheQueue() async throws {
        let admission = RunAdmission(maxRunning: 1, maxQueued: 1)
        try await admission.acquire()
        let waiter = Task { try await admission.acquire() }
        try await LimitsTests.waitUntil { admission.queued == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(admission.queued == 0)
        admission.release()
        #expect(admission.running == 0)
    }
}

/// Values appended from several tasks.
final class OrderLog: Sendable {
    private let storage = Mutex<[Int]>([])
    func append(_ value: Int) { storage.withLock { $0.append(value) } }
    var values: [Int] { storage.withLock { $0 } }
}
