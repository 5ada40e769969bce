/// A key of Azure ML's YAML that Flowgate accepts but does not act on (`instance_type`, `app_insights_enabled`, …),
/// with where it is and why, so the CLI can show it as ignored instead of failing or silently dropping it.
public struct IgnoredKey: Sendable, Equatable, CustomStringConvertible {
    /// The key's path, `instance_type` or `identity.principal_id`.
    public let key: String
    public let line: Int?
    public let reason: String

    public init(key: String, line: Int?, reason: String) {
        self.key = key
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "\(key)\(line.map { " (line \($0))" } ?? ""): ignored, \(reason)"
    }
}
