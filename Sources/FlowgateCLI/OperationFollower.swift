import FlowSpec
import Foundation

/// Follows an asynchronous operation (`GET /api/v1/operations/{id}` every 250 ms) until it ends, showing its stages
/// on standard error: a spinner redrawn in place on a terminal, one plain line per stage change otherwise.
struct OperationFollower {
    let client: ManagementClient
    var isTerminal = isatty(STDERR_FILENO) == 1
    var interval: Duration = .milliseconds(250)
    /// Where progress goes; standard error by default (tests collect it).
    var write: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }

    /// Why an operation did not succeed: its error code and message.
    struct Failure: Error, CustomStringConvertible {
        let status: String
        let code: String
        let message: String

        var description: String { "the operation \(status.lowercased()): \(code): \(message)" }
    }

    /// Polls until the operation is no longer `Running`; returns it when `Succeeded`, throws `Failure` otherwise.
    @discardableResult
    func follow(_ id: String, title: String) async throws -> FlowValue {
        var reported: [String: String] = [:]
        var frame = 0
        let started = ContinuousClock.now
        while true {
            let operation = try await client.json(.GET, "/operations/\(PathSegment.escape(id))")
            let object = operation.objectValue ?? [:]
            let status = object["status"]?.stringValue ?? "Running"
            let stages = (object["stages"]?.listValue ?? []).compactMap(\.objectValue)
            for stage in stages {
                let name = stage["name"]?.stringValue ?? "?"
                let stageStatus = stage["status"]?.stringValue ?? "?"
                // Pending stages are not news; a terminal shows the running one on the spinner line instead.
                guard reported[name] != stageStatus, stageStatus != "Pending", stageStatus != "Running" || !isTerminal
                else { continue }
                reported[name] = stageStatus
                if isTerminal { write("\r\u{1B}[K") }
                write(Self.line(name: name, status: stageStatus, message: stage["message"]?.stringValue) + "\n")
            }
            if status != "Running" {
                if isTerminal { write("\r\u{1B}[K") }
                guard status == "Succeeded" else {
                    let error = object["error"]?.objectValue
                    throw Failure(
                        status: status, code: error?["code"]?.stringValue ?? status,
                        message: error?["message"]?.stringValue ?? "no reason was given")
                }
                return operation
            }
            if isTerminal {
                let current = stages.last { $0["status"]?.stringValue == "Running" }?["name"]?.stringValue
                let seconds = (ContinuousClock.now - started).components.seconds
                let spinner = Self.frames[frame % Self.frames.count]
                frame += 1
                write("\r\u{1B}[K\(spinner) \(title)\(current.map { ": \($0)" } ?? "") (\(seconds) s)")
            }
            try await Task.sleep(for: interval)
        }
    }

    static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// `✓ flow registered`, `✗ environment built: pip failed …`, `… instances started`.
    static func line(name: String, status: String, message: String?) -> String {
        let mark: String
        switch status {
        case "Succeeded": mark = "✓"
        case "Failed", "Canceled": mark = "✗"
        case "Skipped": mark = "-"
        default: mark = "…"
        }
        var text = "\(mark) \(name)"
        if status != "Succeeded" { text += " (\(status.lowercased()))" }
        if let message, !message.isEmpty { text += ": \(message)" }
        return text
    }
}
