/// Why provisioning failed: an Azure-style code (`BadArgument`, `EnvironmentBuildFailure`, `ResourceNotReady`, …)
/// and a message that names the cause (pip's own message, the missing connection, the probe that never passed).
public struct ProvisioningFailure: Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The input does not satisfy the endpoint rules or the flow does not validate.
    public static let badArgument = "BadArgument"
    /// The flow's environment (its requirements) could not be built.
    public static let environmentBuildFailure = "EnvironmentBuildFailure"
    /// The endpoint's identity may not read a connection the flow uses.
    public static let missingRole = "MissingRole"
    /// A connection the flow uses does not exist.
    public static let connectionNotFound = "ConnectionNotFound"
    /// The readiness probe never passed.
    public static let resourceNotReady = "ResourceNotReady"
    /// Something inside Flowgate failed.
    public static let internalError = "InternalError"

    public var description: String { "\(code): \(message)" }
}
