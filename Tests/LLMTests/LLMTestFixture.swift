import FlowgateTestSupport
import LLM
import Synchronization

/// Records the waits the retry policy asks for instead of sleeping, so retry tests take milliseconds.
final class DelayRecorder: Sendable {
    private let storage = Mutex<[Duration]>([])

    func record(_ delay: Duration) {
        storage.withLock { $0.append(delay) }
    }

    var delays: [Duration] { storage.withLock { $0 } }
}

/// A running `TestLLMServer` plus a client whose retries do not sleep.
struct LLMTestFixture {
    let server: TestLLMServer
    let baseURL: String
    let delays: DelayRecorder
    let client: LLMClient

    static let apiKey = "sk-test-fixture-key-0123"

    var openAI: LLMEndpoint { .openAI(apiKey: Self.apiKey, organization: "org-test", baseURL: baseURL) }

    func azure(apiVersion: String = "2024-02-01") -> LLMEndpoint {
        .azure(apiBase: server.rootURL, apiKey: Self.apiKey, apiVersion: apiVersion)
    }

    /// Starts a server, runs `body`, stops the server (also when `body` throws).
    static func run(
        maxRetries: Int = 3, timeout: Duration = .seconds(10),
        _ body: (LLMTestFixture) async throws -> Void
    ) async throws {
        let server = TestLLMServer()
        let baseURL = try await server.start()
        let delays = DelayRecorder()
        let retry = RetryPolicy(
            maxRetries: maxRetries, initialDelay: .milliseconds(1), jitter: 0,
            sleep: { delays.record($0) })
        let client = LLMClient(configuration: LLMClientConfiguration(timeout: timeout, retry: retry))
        let fixture = LLMTestFixture(server: server, baseURL: baseURL, delays: delays, client: client)
        do {
            try await body(fixture)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension LLMStream {
    /// All content deltas and the usage, in order.
    func collect() async throws -> (contents: [String], usage: TokenUsage?) {
        var contents: [String] = []
        var usage: TokenUsage?
        for try await event in self {
            switch event {
            case .content(let text): contents.append(text)
            case .usage(let reported): usage = reported
            }
        }
        return (contents, usage)
    }
}
