/// A flow folder's `samples.json` that exists but cannot be used as the swagger example.
/// promptflow refuses to start in that case; the message names the file and the JSON problem, never its content.
public struct SwaggerSamplesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
