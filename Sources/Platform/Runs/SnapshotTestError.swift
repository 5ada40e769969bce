/// Why a snapshot test did not run its flow: a request field that is wrong (named, e.g. `inputs.question`), a
/// snapshot that does not exist, or too many flows under test at once. A flow that ran and failed is not an error
/// here: it is a `SnapshotTestRun` whose outcome is the `FlowRunError`.
public enum SnapshotTestError: Error, Sendable, Equatable, CustomStringConvertible {
    case badArgument(field: String, message: String)
    case notFound(String)
    /// Every pool slot is busy, or the server is stopping.
    case busy(String)

    public var description: String {
        switch self {
        case .badArgument(let field, let message): "\(field): \(message)"
        case .notFound(let message), .busy(let message): message
        }
    }
}
