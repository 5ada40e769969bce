import Foundation

/// What one deployment did in one minute, as the console's Monitoring charts plot it: requests by status class,
/// latency percentiles, LLM tokens and errors. A minute without requests has zero counts and no percentiles.
public struct MinuteSummary: Sendable, Equatable {
    /// The minute's first second (UTC, on a whole minute).
    public let start: Date
    /// Answers by class: `2xx`, `3xx`, `4xx` (other than 429), `429`, `5xx`.
    public let requests: [String: Int]
    public let latencyP50Milliseconds: Double?
    public let latencyP95Milliseconds: Double?
    public let latencyP99Milliseconds: Double?
    public let promptTokens: Int
    public let completionTokens: Int

    /// The status classes every summary reports, in display order.
    public static let statusClasses = ["2xx", "3xx", "4xx", "429", "5xx"]

    /// Answers that were not successes: every 4xx (429 included) and 5xx.
    public var errors: Int { (requests["4xx"] ?? 0) + (requests["429"] ?? 0) + (requests["5xx"] ?? 0) }

    /// Every answer of the minute.
    public var total: Int { requests.values.reduce(0, +) }

    /// The class a status code is counted under.
    static func statusClass(_ code: Int) -> String {
        switch code {
        case 429: "429"
        case 200..<300: "2xx"
        case 300..<400: "3xx"
        case 400..<500: "4xx"
        default: "5xx"
        }
    }
}
