import NIOCore
import NIOPosix
import Synchronization

/// The line timeout of one request: the run (and a streamed answer) must end by the deadline,
/// else the work is cancelled, so python calls and LLM requests stop.
struct LineDeadline: Sendable {
    /// The run went past the deadline and was cancelled.
    struct Expired: Error {}

    let seconds: Double
    /// The deadline as an event-loop timer's: one heap entry on an event loop per request, where a sleeping child
    /// task in a task group cost ~15% of a prompt-only flow's CPU under load.
    let nioDeadline: NIODeadline

    init(seconds: Double) {
        self.seconds = seconds
        let milliseconds = Int64((seconds * 1000).rounded(.up))
        self.nioDeadline = .now() + .milliseconds(milliseconds)
    }

    /// `work`'s result, or `Expired` (with `work` cancelled) when the deadline passes first. Cancelling the
    /// caller cancels `work` too.
    func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let expired = Atomic<Bool>(false)
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(deadline: nioDeadline) {
            expired.store(true, ordering: .relaxed)
            task.cancel()
        }
        defer { timer.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
        } catch {
            if expired.load(ordering: .relaxed) { throw Expired() }
            throw error
        }
    }

    /// `chunks` ending with `Expired` at the deadline; the source is cancelled then, or when the consumer stops.
    func limit<S: AsyncSequence & Sendable>(_ chunks: S) -> AsyncThrowingStream<String, any Error>
    where S.Element == String {
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let pump = Task {
            do {
                for try await chunk in chunks { continuation.yield(chunk) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        // An event-loop timer, as in `run`: a sleeping task per streamed answer was a timer task, its
        // cancellation and a wake-up more for every request.
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(deadline: nioDeadline) {
            continuation.finish(throwing: Expired())
            pump.cancel()
        }
        continuation.onTermination = { _ in
            pump.cancel()
            timer.cancel()
        }
        return stream
    }
}
