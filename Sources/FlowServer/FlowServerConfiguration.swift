import FlowSpec
import Hummingbird

/// How one flow is served: address, limits, CORS origins, output selection and what `/health` and
/// `/version` report. `reading(environment:)` fills it from promptflow's environment variables.
public struct FlowServerConfiguration: Sendable {
    /// The version `/health` and `/version` report.
    public static let flowgateVersion = "0.4.0"

    public var host: String
    /// The port to listen on; 0 picks a free one (`FlowServer.run(onReady:)` reports it).
    public var port: Int
    public var limits: FlowServerLimits
    /// Origins allowed by CORS; empty allows none, `*` allows any.
    public var corsOrigins: [String]
    public var version: String
    /// `BUILD_INFO`, reported by `/version` (its `build_number` becomes the version when it is JSON).
    public var buildInfo: String
    /// `PROMPTFLOW_RESPONSE_INCLUDED_FIELDS`: when set, exactly these outputs are returned.
    public var includedFields: [String]?
    /// How long in-flight requests may take to finish after SIGINT/SIGTERM before they are cancelled.
    public var shutdownGracePeriod: Duration
    /// Routes added to the router after the contract's (`flowgate flow serve` mounts its test page at `/`).
    public var extraRoutes: (@Sendable (Router<FlowRequestContext>) -> Void)?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, limits: FlowServerLimits = FlowServerLimits(),
        corsOrigins: [String] = [], version: String = FlowServerConfiguration.flowgateVersion, buildInfo: String = "",
        includedFields: [String]? = nil, shutdownGracePeriod: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.corsOrigins = corsOrigins
        self.version = version
        self.buildInfo = buildInfo
        self.includedFields = includedFields
        self.shutdownGracePeriod = shutdownGracePeriod
    }

    /// This configuration with `PF_LINE_TIMEOUT_SEC`, `PROMPTFLOW_RESPONSE_INCLUDED_FIELDS` (or its `PF_`
    /// spelling) and `BUILD_INFO` read from `environment`. Throws a message naming the variable that is malformed.
    public func reading(environment: [String: String]) throws(FlowServerConfigurationError) -> FlowServerConfiguration {
        var configuration = self
        if let text = environment["PF_LINE_TIMEOUT_SEC"], !text.isEmpty {
            guard let seconds = Double(text), seconds > 0 else {
                throw FlowServerConfigurationError(
                    "PF_LINE_TIMEOUT_SEC must be a positive number of seconds, not '\(text)'.")
            }
            configuration.limits.lineTimeoutSeconds = seconds
        }
        if let text = environment["PROMPTFLOW_RESPONSE_INCLUDED_FIELDS"] ?? environment["PF_RESPONSE_INCLUDED_FIELDS"],
            !text.isEmpty
        {
            guard let value = try? FlowValue(json: text), let list = value.listValue,
                let names = Optional(list.compactMap(\.stringValue)), names.count == list.count
            else {
                throw FlowServerConfigurationError(
                    "PROMPTFLOW_RESPONSE_INCLUDED_FIELDS must be a JSON list of output names, not '\(text)'.")
            }
            configuration.includedFields = names
        }
        if let text = environment["BUILD_INFO"] {
            configuration.buildInfo = text
        }
        return configuration
    }
}
