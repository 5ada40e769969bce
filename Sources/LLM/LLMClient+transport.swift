import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The HTTP side of `LLMClient`: one attempt, the retry loop around it, and the error classification
/// of COMPAT §B (5xx, 429 but not `insufficient_quota`, 422 a few times, timeouts, dropped connections).
extension LLMClient {
    enum StreamKind { case chat, completion }

    /// POSTs `body` and returns the parsed 2xx JSON answer, retrying per the policy.
    func postJSON(url: String, body: [UInt8], endpoint: LLMEndpoint) async throws -> JSONValue {
        let request = makeRequest(url: url, body: body, endpoint: endpoint, streaming: false)
        let timeout = configuration.timeout
        let maxBytes = configuration.maxResponseBytes
        let http = httpClient
        let secret = endpoint.apiKey
        return try await withRetries { () async throws -> JSONValue in
            let (status, headers, bytes) = try await Self.attempt(timeout: timeout, secret: secret) {
                () async throws -> (Int, HTTPHeaders, [UInt8]) in
                let response = try await http.execute(request, deadline: .now() + .nanoseconds(timeout.nanoseconds))
                let buffer = try await response.body.collect(upTo: maxBytes)
                return (Int(response.status.code), response.headers, Array(buffer: buffer))
            }
            guard (200..<300).contains(status) else {
                throw Self.failure(status: status, headers: headers, body: bytes, secret: secret)
            }
            do {
                return try JSONValue(parsing: bytes)
            } catch {
                throw AttemptFailure(
                    error: .invalidResponse("The answer is not JSON (\(error))."), retriable: false)
            }
        }
    }

    /// Sends a streaming request, retrying until the server accepts it, and returns the event stream.
    func openStream(
        url: String, endpoint: LLMEndpoint, kind: StreamKind, body: (Bool) -> [UInt8]
    ) async throws -> LLMStream {
        var includeUsage = configuration.requestStreamUsage && endpoint.acceptsStreamOptions
        let timeout = configuration.timeout
        let http = httpClient
        let secret = endpoint.apiKey
        let response = try await withRetries { () async throws -> HTTPClientResponse in
            let request = makeRequest(url: url, body: body(includeUsage), endpoint: endpoint, streaming: true)
            let (response, failure) = try await Self.attempt(timeout: timeout, secret: secret) {
                () async throws -> (HTTPClientResponse, AttemptFailure?) in
                let response = try await http.execute(request, deadline: .now() + .nanoseconds(timeout.nanoseconds))
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return (response, nil) }
                let buffer = try await response.body.collect(upTo: 1 << 20)
                return (response, Self.failure(status: status, headers: response.headers, body: Array(buffer: buffer), secret: secret))
            }
            if var failure {
                // A server that refuses `stream_options` is asked again at once without it.
                if includeUsage, failure.error.status == 400, failure.error.upstreamMessage.contains("stream_options") {
                    includeUsage = false
                    failure.retriable = true
                    failure.retryAfter = .zero
                }
                throw failure
            }
            return response
        }
        return Self.eventStream(from: response, kind: kind, secret: secret)
    }

    func makeRequest(url: String, body: [UInt8], endpoint: LLMEndpoint, streaming: Bool) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: streaming ? "text/event-stream" : "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        for (name, value) in endpoint.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// Runs `operation` until it returns, or a non-retriable failure, or the attempt limit.
    func withRetries<T>(_ operation: () async throws -> T) async throws -> T {
        let policy = configuration.retry
        var retry = 0
        var consecutiveUnprocessable = 0
        while true {
            try Task.checkCancellation()
            do {
                return try await operation()
            } catch var failure as AttemptFailure {
                failure.error.attempts = retry + 1
                guard failure.retriable else { throw failure.error }
                if failure.error.status == 422 {
                    consecutiveUnprocessable += 1
                } else {
                    consecutiveUnprocessable = 0
                }
                if retry >= policy.maxRetries || consecutiveUnprocessable >= policy.maxConsecutiveUnprocessable {
                    failure.error.retriesExhausted = true
                    throw failure.error
                }
                if failure.retryAfter != .zero {
                    try await policy.sleep(policy.delay(beforeRetry: retry, retryAfter: failure.retryAfter))
                }
                retry += 1
            }
        }
    }

    /// One HTTP exchange bounded by `timeout`; transport errors become `AttemptFailure`s and the
    /// caller's cancellation stays a `CancellationError`. The exchange runs as one task that a timer on an event loop
    /// cancels at the deadline: a task group with a sleeping child per call cost two tasks and a dispatch timer.
    static func attempt<T: Sendable>(
        timeout: Duration, secret: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let task = Task { try await operation() }
        let expired = Atomic<Bool>(false)
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
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
        } catch let failure as AttemptFailure {
            throw failure
        } catch {
            if expired.load(ordering: .relaxed) { throw timeoutFailure() }
            if Task.isCancelled { throw CancellationError() }
            throw classify(error, secret: secret)
        }
    }

    /// Sorts a transport error into timeout (retried), dropped connection (retried) or a failure to
    /// connect at all (not retried, like openai-python's `APIConnectionError`).
    static func classify(_ error: any Error, secret: String) -> AttemptFailure {
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return timeoutFailure()
            case .remoteConnectionClosed, .cancelled:
                return connectionFailure("Server disconnected without sending a complete response.", retriable: true)
            default:
                return connectionFailure("Connection error (\(httpError)).", retriable: true)
            }
        }
        if error is NIOConnectionError {
            return connectionFailure(
                LLMError.scrub("Connection error: could not connect (\(error)).", secret: secret), retriable: false)
        }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED {
            return connectionFailure("Connection error: connection refused.", retriable: false)
        }
        if error is CancellationError {
            return timeoutFailure()
        }
        return connectionFailure(
            LLMError.scrub("Connection aborted (\(error)).", secret: secret), retriable: true)
    }

    static func timeoutFailure() -> AttemptFailure {
        AttemptFailure(
            error: LLMError(reason: .timeout, errorType: "APITimeoutError", upstreamMessage: "Request timed out."),
            retriable: true)
    }

    static func connectionFailure(_ message: String, retriable: Bool) -> AttemptFailure {
        AttemptFailure(
            error: LLMError(reason: .connection, errorType: "APIConnectionError", upstreamMessage: message),
            retriable: retriable)
    }

    /// The failure for a non-2xx answer: retriable on 5xx, 429 (unless `insufficient_quota`) and 422.
    static func failure(status: Int, headers: HTTPHeaders, body: [UInt8], secret: String) -> AttemptFailure {
        let error = LLMError.fromResponse(status: status, body: body, secret: secret)
        let retriable: Bool
        switch status {
        case 500...: retriable = true
        case 429: retriable = error.upstreamCode != "insufficient_quota"
        case 422: retriable = true
        default: retriable = false
        }
        let retryAfter = RetryAfter.parse(
            retryAfterMs: headers.first(name: "retry-after-ms"), retryAfter: headers.first(name: "retry-after"))
        return AttemptFailure(error: error, retriable: retriable, retryAfter: retryAfter)
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds > 0 ? .max : .min }
        return scaled &+ attoseconds / 1_000_000_000
    }
}

extension LLMEndpoint {
    /// Azure OpenAI rejects `stream_options` before api-version 2024-09-01.
    var acceptsStreamOptions: Bool {
        if case .azure(_, _, let apiVersion) = self { return apiVersion >= "2024-09-01" }
        return true
    }
}
