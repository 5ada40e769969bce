/// A `${…}` string that is not a well-formed reference, with the reason.
/// The loader turns it into a `Diagnostic` at the value's position.
public struct BindingSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reference: String
    public let reason: String

    public var description: String { "invalid reference '\(reference)': \(reason)" }
}
