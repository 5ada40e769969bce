/// One problem found in a flow definition, located by file (relative to the flow folder), line and column.
/// Its description reads `flow.dag.yaml:14:7: node 'summarize' input 'text' references unknown node 'fetch'`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The file, relative to the flow folder (or as given when the flow folder is unknown).
    public let file: String
    /// The 1-based line, when known.
    public let line: Int?
    /// The 1-based column, when known.
    public let column: Int?
    /// A sentence a user can act on.
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}
