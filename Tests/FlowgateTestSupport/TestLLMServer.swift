import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A test double: a deterministic OpenAI-compatible HTTP server on loopback (never for production).
/// Chat echoes the last user message (`echo: <text>`), completions echo the prompt, embeddings derive
/// from the text, usage counts words; it can be told to fail (429, 500, hang, dropped connection).
///
/// Routes: `/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`, and Azure's
/// `/openai/deployments/{deployment}/{chat/completions|completions|embeddings}?api-version=`.
/// Every request is recorded (`requests`). Streams send a few words per SSE event, an empty first
/// delta, a finish_reason chunk, a usage chunk when `stream_options.include_usage`, then `[DONE]`.
public final class TestLLMServer: Sendable {
    struct State {
        var requests: [RecordedRequest] = []
        var faults: [Fault] = []
        var chunkDelay: Duration = .zero
        var pauseAfterFirstChunk = false
        var pausedStreams: [CheckedContinuation<Void, Never>] = []
        var streamEventsSent = 0
        var answersReplayed = 0
        var runTask: Task<Void, any Error>?
        var rootURL = ""
        var memo = AnswerMemo()
    }

    let state = Mutex(State())
    let recordsRequests: Bool
    let memoizesAnswers: Bool

    /// `recordsRequests: false` keeps no request log (for long benchmark runs, where it would only grow);
    /// `memoizesAnswers: true` answers a repeated request with the bytes built the first time (benchmarks).
    public init(recordsRequests: Bool = true, memoizesAnswers: Bool = false) {
        self.recordsRequests = recordsRequests
        self.memoizesAnswers = memoizesAnswers
    }

    // MARK: Lifecycle

    /// Starts listening on 127.0.0.1 at `port` (0: a free one); returns the OpenAI base URL `http://127.0.0.1:PORT/v1`.
    public func start(port: Int = 0) async throws -> String {
        let router = Router(context: TestLLMRequestContext.self)
        addRoutes(to: router)
        var logger = Logger(label: "TestLLMServer")
        logger.logLevel = .critical
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        state.withLock { $0.runTask = task }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw TestLLMServerError.couldNotStart
        }
        let root = "http://127.0.0.1:\(port)"
        state.withLock { $0.rootURL = root }
        return root + "/v1"
    }

    /// Stops the server; hanging and paused requests are released.
    public func stop() async {
        let (task, paused) = state.withLock { state in
            let result = (state.runTask, state.pausedStreams)
            state.runTask = nil
            state.pausedStreams = []
            state.pauseAfterFirstChunk = false
            return result
        }
        for continuation in paused { continuation.resume() }
        task?.cancel()
        _ = await task?.result
    }

    // MARK: Scripting

    /// The next `count` requests fail with `fault`, then answers are normal again.
    public func failNext(_ count: Int, with fault: Fault) {
        state.withLock { $0.faults.append(contentsOf: Array(repeating: fault, count: count)) }
    }

    /// The next `count` requests answer `status` (429 is a rate limit, 5xx a server error, else an invalid
    /// request), with `Retry-After: retryAfter` seconds when given.
    public func failNext(_ count: Int, status: Int, retryAfter: Double? = nil) {
        let retryAfterText = retryAfter.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }
        let fault: Fault
        switch status {
        case 429: fault = .rateLimited(retryAfter: retryAfterText)
        case 500...:
            fault = .status(
                status, type: "server_error", code: nil,
                message: "The server had an error while processing your request.", retryAfter: retryAfterText,
                retryAfterMs: nil)
        default:
            fault = .status(
                status, type: "invalid_request_error", code: nil, message: "Test failure \(status).",
                retryAfter: retryAfterText, retryAfterMs: nil)
        }
        failNext(count, with: fault)
    }

    /// A pause between stream events (default none).
    public func setChunkDelay(_ delay: Duration) {
        state.withLock { $0.chunkDelay = delay }
    }

    /// Streams stop after their first content chunk until `resumeStreams()` is called, so a test can
    /// observe that a chunk arrived before the server sent the rest.
    public func pauseStreamsAfterFirstChunk() {
        state.withLock { $0.pauseAfterFirstChunk = true }
    }

    /// Lets paused streams continue (and future ones not pause).
    public func resumeStreams() {
        let paused = state.withLock { state in
            state.pauseAfterFirstChunk = false
            let paused = state.pausedStreams
            state.pausedStreams = []
            return paused
        }
        for continuation in paused { continuation.resume() }
    }

    // MARK: Observation

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// How many SSE events all streams have written so far (`[DONE]` included).
    public var streamEventsSent: Int { state.withLock { $0.streamEventsSent } }

    /// How many requests were answered with remembered bytes instead of a freshly built answer (`memoizesAnswers`).
    public var answersReplayed: Int { state.withLock { $0.answersReplayed } }

    /// `http://127.0.0.1:PORT`: the `api_base` of an Azure OpenAI or serverless connection.
    public var rootURL: String { state.withLock { $0.rootURL } }

    /// Forgets recorded requests.
    public func clearRequests() {
        state.withLock { $0.requests = [] }
    }
}
