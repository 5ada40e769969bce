/// The line timeout of one request: the run (and a streamed answer) must end before `instant`,
/// else the work is cancelled, so python calls and LLM requests stop.
struct LineDeadline: Sendable {
    /// The run went past the deadline and was cancelled.
    struct Expired: Error {}

    let instant: ContinuousClock.Instant
    let seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
        self.instant = .now + .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// `work`'s result, or `Expired` (with `work` cancelled) when the deadline passes first.
    func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let instant = self.instant
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(until: instant, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Expired() }
            return value
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
        let instant = self.instant
        let timer = Task {
            try await Task.sleep(until: instant, clock: .continuous)
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
