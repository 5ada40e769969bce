import Testing

@testable import PythonHost

@Suite("WorkerCallQueue transitions")
struct WorkerCallQueueTests {
    typealias Entry = WorkerCallQueue.Entry

    @Test func startingBecomesReadyOnHelloAndRefusesRequestsBefore() throws {
        var queue = WorkerCallQueue()
        #expect(throws: PythonWorkerError.notReady("python worker is still starting")) {
            try Self.admit(&queue, Entry(id: 1, tool: "a.py"))
        }
        #expect(queue.state == .starting)
        let first = queue.started()
        #expect(first)
        #expect(queue.state == .ready)
        let second = queue.started()
        #expect(!second)
        #expect(queue.state == .ready)
    }

    @Test func plainRequestsQueueInOrderAndTheNextStartsWhenTheRunningOneFinishes() throws {
        var queue = Self.open()
        #expect(try queue.admit(Entry(id: 1, tool: "a.py")))
        #expect(try !queue.admit(Entry(id: 2, tool: "b.py", timeout: .seconds(1))))
        #expect(try !queue.admit(Entry(id: 3, tool: "c.py")))
        #expect(queue.state == .busy(requestID: 1, tool: "a.py"))
        // Finishing one that is not running starts nothing.
        #expect(queue.finish(3) == nil)
        #expect(queue.finish(1) == Entry(id: 2, tool: "b.py", timeout: .seconds(1)))
        #expect(queue.state == .busy(requestID: 2, tool: "b.py"))
        #expect(queue.finish(2) == nil)
        #expect(queue.state == .ready)
        #expect(queue.finish(9) == nil)
    }

    @Test func anExclusiveRequestRunsAlone() throws {
        var queue = Self.open()
        #expect(try queue.admit(Entry(id: 1, tool: "stream.py", exclusive: true)))
        #expect(throws: PythonWorkerError.notReady("python worker is busy running stream.py")) {
            try Self.admit(&queue, Entry(id: 2, tool: "b.py"))
        }
        _ = queue.finish(1)
        #expect(try queue.admit(Entry(id: 3, tool: "a.py")))
        #expect(throws: PythonWorkerError.notReady("python worker is busy running a.py")) {
            try Self.admit(&queue, Entry(id: 4, tool: "stream.py", exclusive: true))
        }
        #expect(queue.entries.map(\.id) == [3])
    }

    @Test func onlyAQueuedRequestCanBeCancelledAndItKeepsItsPlace() throws {
        var queue = Self.open()
        _ = try queue.admit(Entry(id: 1, tool: "a.py"))
        _ = try queue.admit(Entry(id: 2, tool: "b.py"))
        _ = try queue.admit(Entry(id: 3, tool: "c.py"))
        let running = queue.cancelQueued(1)
        #expect(!running)
        let queued = queue.cancelQueued(2)
        #expect(queued)
        let unknown = queue.cancelQueued(7)
        #expect(!unknown)
        #expect(queue.entries.map(\.cancelled) == [false, true, false])
        // The placeholder becomes the running one until the host acknowledges or answers it.
        #expect(queue.finish(1)?.id == 2)
        #expect(queue.finish(2)?.id == 3)
    }

    @Test func dyingReturnsTheRunningRequestAndTheOnesThatHadNotStarted() throws {
        var queue = Self.open()
        _ = try queue.admit(Entry(id: 4, tool: "x.py"))
        _ = try queue.admit(Entry(id: 5, tool: "y.py"))
        let (running, waiting) = queue.die()
        #expect(running?.id == 4)
        #expect(waiting.map(\.id) == [5])
        #expect(queue.state == .dead)
        #expect(queue.isDead)
        #expect(queue.die().running == nil)
    }

    @Test func deadIsFinalAndRefusesWithNotStarted() {
        var queue = Self.open()
        queue.die()
        let started = queue.started()
        #expect(!started)
        #expect(throws: PythonWorkerError.notStarted("the python worker is dead")) {
            try Self.admit(&queue, Entry(id: 1, tool: "a.py"))
        }
        #expect(queue.state == .dead)
    }

    private static func open() -> WorkerCallQueue {
        var queue = WorkerCallQueue()
        _ = queue.started()
        return queue
    }

    /// `admit` on a copy, so `#expect(throws:)` can call it; a refused request leaves the queue as it was.
    private static func admit(_ queue: inout WorkerCallQueue, _ entry: Entry) throws {
        var copy = queue
        _ = try copy.admit(entry)
        queue = copy
    }
}
