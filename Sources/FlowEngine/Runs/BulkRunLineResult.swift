import FlowSpec

/// One data line's outcome in a bulk run: its outputs, or its error; the flow run record when the line ran.
/// Lines are reported in data order whatever order they finished in.
public struct BulkRunLineResult: Sendable {
    public var lineNumber: Int
    /// The line's outputs when it completed.
    public var outputs: FlowObject?
    /// Why the line failed (its data, its mapping, or the flow run).
    public var error: FlowRunError?
    /// The flow run's record (absent when the line never ran: bad JSON or mapping).
    public var record: FlowRunRecord?

    public init(lineNumber: Int, outputs: FlowObject? = nil, error: FlowRunError? = nil, record: FlowRunRecord? = nil) {
        self.lineNumber = lineNumber
        self.outputs = outputs
        self.error = error
        self.record = record
    }

    public var succeeded: Bool { outputs != nil }
}
