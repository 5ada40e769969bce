import Foundation
import HTTPTypes
import Hummingbird
import Platform
import Synchronization

/// A test double instance that records each request as it arrives and holds it until the test releases it,
/// so admission and drain can be observed from events. With `streaming`, the body's first chunk is written at
/// once and the rest only after a release (an open stream).
final class GatedTestInstance: ScoringInstance {
    let id: String
    let streaming: Bool

    private struct State {
        var entered: [String] = []
        var permits = 0
        var gated: [CheckedContinuation<Void, Never>] = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    init(id: String, streaming: Bool = false) {
        self.id = id
        self.streaming = streaming
    }

    /// The request ids that reached the instance, in order.
    var entered: [String] { state.withLock { $0.entered } }

    func score(_ request: Request, requestID: String) async -> Response {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.entered.append(requestID)
            let count = state.entered.count
            let ready = state.watchers.filter { $0.count <= count }.map(\.continuation)
            state.watchers.removeAll { $0.count <= count }
            return ready
        }
        for watcher in ready { watcher.resume() }
        guard streaming else {
            await pass()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"request_id":"\#(requestID)"}"#)))
        }
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "data: {\"part\": 1}\n\n"))
            await self.pass()
            try await writer.write(ByteBuffer(string: "data: {\"part\": 2}\n\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8"], body: body)
    }

    func swaggerJSON() async -> ByteBuffer {
        ByteBuffer(string: "{}")
    }

    /// Returns once `count` requests have reached the instance.
    func waitForEntries(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let reached = state.withLock { state in
                if state.entered.count >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if reached { continuation.resume() }
        }
    }

    /// Lets `count` held (or future) requests go on.
    func release(_ count: Int = 1) {
        let woken: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.permits += count
            let take = min(state.permits, state.gated.count)
            state.permits -= take
            let woken = Array(state.gated.prefix(take))
            state.gated.removeFirst(take)
            return woken
        }
        for continuation in woken { continuation.resume() }
    }

    private func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let go = state.withLock { state in
                if state.permits > 0 {
                    state.permits -= 1
                    return true
                }
                state.gated.append(continuation)
                return false
            }
            if go { continuation.resume() }
        }
    }
}
