/// Where a definition starts in its file (1-based), kept so later stages can point at the YAML.
/// Values built in code rather than loaded have no location.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
