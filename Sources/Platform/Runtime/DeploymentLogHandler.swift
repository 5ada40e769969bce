import Foundation
import Logging
import Synchronization

/// A swift-log handler writing one text line per message into a deployment's log:
/// `2026-11-26T08:02:05Z info [blue-0] request finished request_id=… status=200`.
struct DeploymentLogHandler: LogHandler {
    let log: DeploymentLog
    /// The instance (or `provisioning`) the lines come from.
    let source: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "\(event.message)" + (fields.isEmpty ? "" : " " + fields)
        log.append(source: source, level: event.level, text: text)
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(timeZone: .gmt)
    /// The last second formatted: a busy instance logs many lines per second, and formatting dominates a line.
    private static let lastTimestamp = Mutex<(second: Int64, text: String)>((-1, ""))

    /// UTC with seconds, as every line starts.
    static func timestamp(_ date: Date) -> String {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        if let cached = lastTimestamp.withLock({ $0.second == second ? $0.text : nil }) { return cached }
        let text = Date(timeIntervalSince1970: Double(second)).formatted(timestampStyle)
        lastTimestamp.withLock { $0 = (second, text) }
        return text
    }
}
