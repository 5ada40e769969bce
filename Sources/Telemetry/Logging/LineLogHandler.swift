import Logging

/// Flowgate's swift-log handler for its own processes (`flow serve`, `server`): one text line per message,
/// `2026-11-26T08:02:05.123Z info flowgate.serve: request finished latency_ms=0.16 request_id=… status=200`
/// (UTC with milliseconds, the message, then the metadata sorted by key), handed to a ``LogLineWriter`` that writes
/// in batches off the caller's thread. Warnings and worse are written at once.
public struct LineLogHandler: LogHandler {
    public let label: String
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let writer: LogLineWriter

    /// A handler for loggers named `label`, writing to `writer` (standard error by default).
    public init(
        label: String, writer: LogLineWriter = .standardError, metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.writer = writer
        self.metadataProvider = metadataProvider
    }

    /// Makes every `Logger` of the process use this handler on standard error (call once, at start).
    public static func bootstrap() {
        LoggingSystem.bootstrap({ label, provider in LineLogHandler(label: label, metadataProvider: provider) }, metadataProvider: nil)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = Self.line(event, label: label, metadata: fields(event.metadata))
        writer.append(line, urgent: event.level >= .warning)
    }

    /// The handler's, the provider's and the message's metadata (a later layer wins on a key), sorted by key.
    /// Collected into one array rather than merged dictionaries: the request line's logger carries a
    /// `component` key of its own, and merging copied and rehashed the message's metadata on every request.
    private func fields(_ explicit: Logger.Metadata?) -> [(key: String, value: Logger.Metadata.Value)] {
        let provided = metadataProvider?.get() ?? [:]
        let explicit = explicit ?? [:]
        var fields: [(key: String, value: Logger.Metadata.Value)] = []
        fields.reserveCapacity(metadata.count + provided.count + explicit.count)
        for field in metadata where provided[field.key] == nil && explicit[field.key] == nil { fields.append(field) }
        for field in provided where explicit[field.key] == nil { fields.append(field) }
        fields.append(contentsOf: explicit)
        fields.sort { $0.key < $1.key }
        return fields
    }

    /// The line for `event` (without its newline).
    static func line(
        _ event: LogEvent, label: String, metadata: [(key: String, value: Logger.Metadata.Value)]
    ) -> [UInt8] {
        var line = LogTimestamp.now()
        line.reserveCapacity(160)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: event.level.rawValue.utf8)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: label.utf8)
        line.append(contentsOf: ": ".utf8)
        line.append(contentsOf: event.message.description.utf8)
        for (key, value) in metadata {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: key.utf8)
            line.append(UInt8(ascii: "="))
            line.append(contentsOf: value.description.utf8)
        }
        return line
    }
}
