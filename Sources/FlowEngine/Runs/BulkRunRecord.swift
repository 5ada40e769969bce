import Foundation

/// The record of a bulk run as `run.json` holds it: what ran (flow, snapshot, variant, data, mapping), how it
/// ended, line counts, tokens and timing. A later deployment can start from its snapshot and variant.
public struct BulkRunRecord: Sendable, Codable, Equatable {
    /// Lines in the data, and how many completed or failed.
    public struct LineCounts: Sendable, Codable, Equatable {
        public var total: Int
        public var completed: Int
        public var failed: Int

        public init(total: Int, completed: Int, failed: Int) {
            self.total = total
            self.completed = completed
            self.failed = failed
        }
    }

    /// Tokens used by every line's nodes.
    public struct Tokens: Sendable, Codable, Equatable {
        public var prompt: Int
        public var completion: Int
        public var total: Int

        public init(prompt: Int, completion: Int, total: Int) {
            self.prompt = prompt
            self.completion = completion
            self.total = total
        }
    }

    public var name: String
    public var status: BulkRunStatus
    /// The flow folder the run was started from (absolute).
    public var flow: String
    /// The folder, relative to the run folder, holding the copy of the flow that ran.
    public var snapshot: String
    /// `${node.variant_id}` when the run used one, else nil (default variants).
    public var variant: String?
    /// The data file (absolute).
    public var data: String
    /// The column mapping as given (input → `${data.col}` or literal).
    public var columnMapping: [String: String]
    public var concurrency: Int
    public var startTime: Date
    public var endTime: Date
    /// Wall time in seconds.
    public var duration: Double
    public var lines: LineCounts
    public var tokens: Tokens
    /// The run-level error of a failed run.
    public var error: String?

    public init(
        name: String, status: BulkRunStatus, flow: String, snapshot: String = "snapshot", variant: String?,
        data: String, columnMapping: [String: String], concurrency: Int, startTime: Date, endTime: Date,
        lines: LineCounts, tokens: Tokens, error: String? = nil
    ) {
        self.name = name
        self.status = status
        self.flow = flow
        self.snapshot = snapshot
        self.variant = variant
        self.data = data
        self.columnMapping = columnMapping
        self.concurrency = concurrency
        self.startTime = startTime
        self.endTime = endTime
        self.duration = endTime.timeIntervalSince(startTime)
        self.lines = lines
        self.tokens = tokens
        self.error = error
    }

    /// The encoder `run.json` is written with: sorted keys, indented, ISO 8601 times with milliseconds (UTC).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timeFormatter().string(from: date))
        }
        return encoder
    }

    /// The decoder that reads `run.json` back.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = timeFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not an ISO 8601 time: \(text)")
            }
            return date
        }
        return decoder
    }

    static func timeFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    enum CodingKeys: String, CodingKey {
        case name, status, flow, snapshot, variant, data, concurrency, duration, lines, tokens, error
        case columnMapping = "column_mapping"
        case startTime = "start_time"
        case endTime = "end_time"
    }
}
