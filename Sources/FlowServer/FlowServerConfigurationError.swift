/// A serving setting that cannot be used (a malformed environment variable, an unusable `samples.json`),
/// with the message to show; it never includes secret values.
public struct FlowServerConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
