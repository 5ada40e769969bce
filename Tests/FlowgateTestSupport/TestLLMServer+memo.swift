import Foundation
import NIOCore

/// Answers remembered by request, for the benchmark process (`flowgate-test-llm`): a load run sends the same few
/// bodies thousands of times, and building each answer again with `JSONSerialization` made this server, on the load
/// generator's core, the slowest part of the serving benchmark. Only plain answers are remembered (no fault queued,
/// no chunk delay, no pause), so what a client receives is byte for byte what the server would build.
struct AnswerMemo: Sendable {
    /// A remembered answer: the JSON body, or the SSE events already framed as `data: …\n\n`.
    enum Answer: Sendable {
        case json(ByteBuffer)
        case events([ByteBuffer])
    }

    private var answers: [String: Answer] = [:]
    private let limit = 256

    /// The key of a request: its operation, deployment and exact body.
    static func key(operation: String, deployment: String?, body: String) -> String {
        operation + "\u{0}" + (deployment ?? "") + "\u{0}" + body
    }

    func answer(for key: String) -> Answer? { answers[key] }

    mutating func remember(_ answer: Answer, for key: String) {
        // A run that sends many different bodies starts over rather than growing without bound.
        if answers.count >= limit { answers.removeAll(keepingCapacity: true) }
        answers[key] = answer
    }
}
