/// The metric names promptflow's serving layer reports (COMPAT §C), kept verbatim so dashboards built
/// for a promptflow endpoint read a Flowgate one unchanged.
public enum ServingMetricName: String, Sendable, CaseIterable {
    case flowRequest = "Flow_Request"
    case flowLatency = "Flow_Latency"
    case flowStreamingResponseDuration = "Flow_Streaming_Response_Duration"
    case nodeLatency = "Node_Latency"
    case nodeRequest = "Node_Request"
    case tokenConsumption = "Token_Consumption"
    case rpcLatency = "RPC_Latency"
    case rpcRequest = "RPC_Request"

    /// promptflow's dimensions of this metric, in the order they are written (common dimensions follow).
    public var dimensions: [String] {
        switch self {
        case .flowRequest: return ["flow", "response_code", "exception", "streaming"]
        case .flowLatency: return ["flow", "response_code", "streaming", "response_type"]
        case .flowStreamingResponseDuration: return ["flow"]
        case .nodeLatency: return ["flow", "node", "run_status"]
        case .nodeRequest: return ["flow", "node", "run_status", "exception"]
        case .tokenConsumption: return ["flow", "node", "llm_engine", "token_type"]
        case .rpcLatency: return ["flow", "node", "api_call"]
        case .rpcRequest: return ["flow", "node", "api_call", "exception"]
        }
    }

    /// The HELP line.
    var help: String {
        switch self {
        case .flowRequest: return "Flow requests, by response code, streaming and innermost error code."
        case .flowLatency:
            return "Flow latency in milliseconds: default (whole response), firstbyte or lastbyte (streaming)."
        case .flowStreamingResponseDuration:
            return "Milliseconds between the first and the last byte of a streaming response."
        case .nodeLatency: return "Node run latency in milliseconds."
        case .nodeRequest: return "Node runs, by run status and innermost error code."
        case .tokenConsumption: return "LLM tokens consumed, by node, engine and token type."
        case .rpcLatency: return "Remote API call latency in milliseconds, by node and call."
        case .rpcRequest: return "Remote API calls, by node, call and innermost error code."
        }
    }
}
