import Foundation
import Logging

/// What a served flow's telemetry records and where it sends it: flow name, extra metric dimensions,
/// trace store size and the OTLP/HTTP destination, read from promptflow's and OpenTelemetry's variables.
public struct TelemetryConfiguration: Sendable {
    /// The `flow` dimension of every metric.
    public var flowName: String
    /// Extra dimensions on every metric (`PF_SERVING_METRICS_COMMON_DIMENSIONS`, a JSON object), in key order.
    public var commonDimensions: [(String, String)]
    /// How many traces the in-memory store keeps; the oldest is evicted first.
    public var traceStoreCapacity: Int
    /// Full OTLP/HTTP traces URL (`…/v1/traces`); nil disables export.
    public var otlpEndpoint: String?
    /// Headers sent with every export (`OTEL_EXPORTER_OTLP_HEADERS`); values are secrets and never logged.
    public var otlpHeaders: [(String, String)]
    /// `service.name` of exported spans (`OTEL_SERVICE_NAME`).
    public var serviceName: String
    /// Records flow inputs as a span attribute; for local debugging only, off by default.
    public var recordInputs: Bool
    /// Export batching: spans queued at most (oldest dropped beyond), spans per request, pause between exports.
    public var exportQueueCapacity: Int
    public var exportBatchSize: Int
    public var exportInterval: Duration
    /// Deadline of one export request.
    public var exportTimeout: Duration
    /// Longest string attribute value kept (feedback, baggage, recorded inputs); longer ones are cut
    /// (`OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT` or `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`).
    public var attributeValueLengthLimit = 32 * 1024
    /// Approximate memory the trace store may use before it evicts its oldest traces.
    public var traceStoreMaxBytes = 64 << 20
    /// Level of the one structured log line per finished request (run id, trace id, status, latency); nil: none.
    public var requestLogLevel: Logger.Level? = .info

    public init(
        flowName: String,
        commonDimensions: [(String, String)] = [],
        traceStoreCapacity: Int = 1000,
        otlpEndpoint: String? = nil,
        otlpHeaders: [(String, String)] = [],
        serviceName: String = "flowgate",
        recordInputs: Bool = false,
        exportQueueCapacity: Int = 2048,
        exportBatchSize: Int = 512,
        exportInterval: Duration = .seconds(1),
        exportTimeout: Duration = .seconds(10)
    ) {
        self.flowName = flowName
        self.commonDimensions = commonDimensions
        self.traceStoreCapacity = max(1, traceStoreCapacity)
        self.otlpEndpoint = otlpEndpoint
        self.otlpHeaders = otlpHeaders
        self.serviceName = serviceName
        self.recordInputs = recordInputs
        self.exportQueueCapacity = max(1, exportQueueCapacity)
        self.exportBatchSize = max(1, exportBatchSize)
        self.exportInterval = exportInterval
        self.exportTimeout = exportTimeout
    }

    /// Reads `PF_SERVING_METRICS_COMMON_DIMENSIONS`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is),
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`), `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_SERVICE_NAME`,
    /// `FLOWGATE_TRACE_STORE_CAPACITY`, `FLOWGATE_TRACE_RECORD_INPUTS` (`true` to record inputs) and the
    /// attribute value length limit.
    public static func fromEnvironment(
        flowName: String, environment: [String: String]
    ) throws -> TelemetryConfiguration {
        var configuration = TelemetryConfiguration(flowName: flowName)
        if let raw = environment["PF_SERVING_METRICS_COMMON_DIMENSIONS"], !raw.isEmpty {
            configuration.commonDimensions = try parseCommonDimensions(raw)
        }
        if let traces = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !traces.isEmpty {
            configuration.otlpEndpoint = traces
        } else if let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !base.isEmpty {
            configuration.otlpEndpoint = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
        }
        if let headers = environment["OTEL_EXPORTER_OTLP_HEADERS"] {
            configuration.otlpHeaders = try parseHeaders(headers)
        }
        if let name = environment["OTEL_SERVICE_NAME"], !name.isEmpty {
            configuration.serviceName = name
        }
        if let raw = environment["FLOWGATE_TRACE_STORE_CAPACITY"] {
            guard let capacity = Int(raw), capacity > 0 else {
                throw TelemetryConfigurationError.invalidValue(
                    variable: "FLOWGATE_TRACE_STORE_CAPACITY", reason: "expected a positive integer, got '\(raw)'")
            }
            configuration.traceStoreCapacity = capacity
        }
        configuration.recordInputs = environment["FLOWGATE_TRACE_RECORD_INPUTS"]?.lowercased() == "true"
        for variable in ["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"] {
            guard let raw = environment[variable] else { continue }
            guard let limit = Int(raw), limit > 0 else {
                throw TelemetryConfigurationError.invalidValue(
                    variable: variable, reason: "expected a positive integer, got '\(raw)'")
            }
            configuration.attributeValueLengthLimit = limit
            break
        }
        return configuration
    }

    /// A JSON object of dimensions, in key order: strings as they are, numbers and booleans as JSON writes them
    /// (`1`, `0.5`, `true`), as OpenTelemetry's Prometheus exporter renders non-string attribute values.
    static func parseCommonDimensions(_ raw: String) throws -> [(String, String)] {
        let variable = "PF_SERVING_METRICS_COMMON_DIMENSIONS"
        let value: FeedbackAttributes.Value
        do {
            value = try JSONDecoder().decode(FeedbackAttributes.Value.self, from: Data(raw.utf8))
        } catch {
            throw TelemetryConfigurationError.invalidValue(variable: variable, reason: "not valid JSON")
        }
        guard case .object(let members) = value else {
            throw TelemetryConfigurationError.invalidValue(variable: variable, reason: "expected a JSON object")
        }
        return try members.keys.sorted().map { key in
            switch members[key]! {
            case .string(let text): return (key, text)
            case .int, .double, .bool: return (key, FeedbackAttributes.pythonJSON(members[key]!))
            default:
                throw TelemetryConfigurationError.invalidValue(
                    variable: variable, reason: "the value of '\(key)' is not a string, number or boolean")
            }
        }
    }

    /// `key1=value1,key2=value2`, percent-decoded as the OpenTelemetry specification says.
    static func parseHeaders(_ raw: String) throws -> [(String, String)] {
        var headers: [(String, String)] = []
        for pair in raw.split(separator: ",") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                // Only the key is named: the value may be a secret.
                throw TelemetryConfigurationError.invalidValue(
                    variable: "OTEL_EXPORTER_OTLP_HEADERS", reason: "an entry has no '=' (expected key=value)")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let decodedKey = key.removingPercentEncoding ?? key
            let decodedValue = value.removingPercentEncoding ?? value
            headers.append((decodedKey, decodedValue))
        }
        return headers
    }
}
