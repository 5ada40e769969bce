import FlowEngine
import FlowSpec
import Synchronization

/// A snapshot test that ran: the flow's result or its error (with the nodes so far), and the hold on the
/// snapshot's Python workers, given back by `finish()` (after a streamed answer has been read to its end).
public final class SnapshotTestRun: Sendable {
    public let runID: String
    /// The flow as the executor saw it (a flex flow's inputs are its entry's).
    public let flow: Flow
    public let outcome: Result<FlowRunResult, FlowRunError>
    private let release: Mutex<(@Sendable () -> Void)?>

    init(
        runID: String, flow: Flow, outcome: Result<FlowRunResult, FlowRunError>, release: @escaping @Sendable () -> Void
    ) {
        self.runID = runID
        self.flow = flow
        self.outcome = outcome
        self.release = Mutex(release)
    }

    deinit { finish() }

    /// Gives the snapshot's workers back to the pool (once; later calls do nothing).
    public func finish() {
        let release = self.release.withLock { release in
            defer { release = nil }
            return release
        }
        release?()
    }
}
