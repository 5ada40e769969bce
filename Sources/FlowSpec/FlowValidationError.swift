/// The error `FlowLoader.load(path:)` throws: every problem found in the flow, not only the first.
/// Its description has one diagnostic per line, in file order.
public struct FlowValidationError: Error, Sendable, CustomStringConvertible {
    /// The problems, sorted by file, line and column.
    public let diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
