import Testing

@testable import Telemetry

@Suite struct ServingMetricNameTests {
    @Test func namesArePromptflowsVerbatim() {
        #expect(
            ServingMetricName.allCases.map(\.rawValue) == [
                "Flow_Request", "Flow_Latency", "Flow_Streaming_Response_Duration", "Node_Latency", "Node_Request",
                "Token_Consumption", "RPC_Latency", "RPC_Request",
            ])
    }
}
