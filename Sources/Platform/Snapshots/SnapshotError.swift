/// Why a flow folder or upload cannot become a snapshot: a symlink, a path that escapes, a size limit, a tar failure.
/// Messages name the relative path involved and never the contents.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "Flow snapshot: \(message)" }
}
