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
}
