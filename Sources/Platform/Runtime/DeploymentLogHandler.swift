import Foundation
import Logging

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
}
