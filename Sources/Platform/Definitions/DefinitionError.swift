import FlowSpec

/// Why an `endpoint.yaml` or `deployment.yaml` cannot be used: every problem, each with file, line and column.
/// Its description reads `endpoint.yaml:4:3: traffic.blue: 120 is not a percentage from 0 to 100`, one per line.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
