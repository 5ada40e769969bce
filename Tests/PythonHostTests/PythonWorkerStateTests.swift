import Testing

@testable import PythonHost

@Suite("PythonWorkerState transitions")
struct PythonWorkerStateTests {
    @Test func startingBecomesReadyOnHello() {
        var state = PythonWorkerState.starting
        let result1 = state.started()
        #expect(result1)
        #expect(state == .ready)
        let result2 = state.started()
        #expect(!result2)
        #expect(state == .ready)
    }

    @Test func startingRefusesRequests() {
        var state = PythonWorkerState.starting
        #expect(throws: PythonWorkerError.self) { try Self.begin(&state, 1, "a.py") }
        #expect(state == .starting)
    }

    @Test func readyBecomesBusyThenReadyAgain() throws {
        var state = PythonWorkerState.ready
        try state.begin(requestID: 7, tool: "a.py")
        #expect(state == .busy(requestID: 7, tool: "a.py"))
        let result3 = state.finish(requestID: 8)
        #expect(!result3)
        #expect(state == .busy(requestID: 7, tool: "a.py"))
        let result4 = state.finish(requestID: 7)
        #expect(result4)
        #expect(state == .ready)
    }

    @Test func busyRefusesASecondRequest() throws {
        var state = PythonWorkerState.ready
        try state.begin(requestID: 1, tool: "a.py")
        #expect(throws: PythonWorkerError.notReady("python worker is busy running a.py")) {
            try Self.begin(&state, 2, "b.py")
        }
        #expect(state == .busy(requestID: 1, tool: "a.py"))
    }

    @Test func dyingWhileBusyNamesTheRunningTool() throws {
        var state = PythonWorkerState.ready
        try state.begin(requestID: 3, tool: "tools/x.py")
        let running = state.die()
        #expect(running?.requestID == 3)
        #expect(running?.tool == "tools/x.py")
        #expect(state == .dead)
        #expect(state.isDead)
    }

    @Test func dyingWhileIdleOrStartingHasNoRunningTool() {
        for initial in [PythonWorkerState.starting, .ready, .dead] {
            var state = initial
            let running = state.die()
            #expect(running == nil)
            #expect(state == .dead)
        }
    }

    @Test func deadIsFinal() {
        var state = PythonWorkerState.dead
        let result5 = state.started()
        #expect(!result5)
        let result6 = state.finish(requestID: 1)
        #expect(!result6)
        #expect(throws: PythonWorkerError.notReady("python worker is dead")) {
            try Self.begin(&state, 1, "a.py")
        }
        #expect(state == .dead)
    }

    /// `begin` on a copy, so `#expect(throws:)` can call it; a refused request leaves the state as it was.
    private static func begin(_ state: inout PythonWorkerState, _ id: UInt64, _ tool: String) throws {
        var copy = state
        try copy.begin(requestID: id, tool: tool)
        state = copy
    }
}
