/// A telemetry environment variable that cannot be used; the message names the variable and never its
/// value when the value may be a secret.
public enum TelemetryConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalidValue(variable: String, reason: String)

    public var description: String {
        switch self {
        case .invalidValue(let variable, let reason):
            return "Invalid \(variable): \(reason)."
        }
    }
}
