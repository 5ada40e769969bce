import Foundation
import Testing

@testable import Telemetry

@Suite struct ServingMetricsTests {
    private func telemetry(_ dimensions: [(String, String)] = []) -> ServingTelemetry {
        ServingTelemetry(configuration: TelemetryConfiguration(flowName: "my_flow", commonDimensions: dimensions))
    }

    @Test func flowRequestCountsByCodeStreamingAndException() {
        let telemetry = telemetry()
        telemetry.metrics.recordFlowRequest(responseCode: 200, exception: nil, streaming: false)
        telemetry.metrics.recordFlowRequest(responseCode: 200, exception: nil, streaming: false)
        telemetry.metrics.recordFlowRequest(responseCode: 400, exception: "UserError", streaming: true)
        #expect(
            PrometheusText.family("Flow_Request", in: telemetry.metricsText())
                == [
                    "# TYPE Flow_Request counter",
                    #"Flow_Request{flow="my_flow",response_code="200",exception="",streaming="False"} 2"#,
                    #"Flow_Request{flow="my_flow",response_code="400",exception="UserError",streaming="True"} 1"#,
                ].sorted())
    }

    @Test func flowLatencyIsAHistogramOnPromptflowsBoundaries() {
        let telemetry = telemetry()
        telemetry.metrics.recordFlowLatency(
            responseCode: 200, streaming: false, responseType: .default, milliseconds: 30)
        let labels = #"flow="my_flow",response_code="200",streaming="False",response_type="default""#
        let bounds = [
            "1.0", "5.0", "10.0", "25.0", "50.0", "75.0", "100.0", "250.0", "500.0", "750.0", "1000.0",
            "2500.0", "5000.0", "7500.0", "10000.0", "25000.0", "50000.0", "75000.0", "100000.0", "300000.0",
        ]
        var expected = ["# TYPE Flow_Latency histogram"]
        for bound in bounds {
            let count = Double(bound)! >= 30 ? 1 : 0
            expected.append("Flow_Latency_bucket{\(labels),le=\"\(bound)\"} \(count)")
        }
        expected.append("Flow_Latency_bucket{\(labels),le=\"+Inf\"} 1")
        expected.append("Flow_Latency_sum{\(labels)} 30.0")
        expected.append("Flow_Latency_count{\(labels)} 1")
        #expect(PrometheusText.family("Flow_Latency", in: telemetry.metricsText()) == expected.sorted())
    }

    @Test func streamingDurationUsesOpenTelemetryDefaultBuckets() {
        let telemetry = telemetry()
        telemetry.metrics.recordStreamingResponseDuration(milliseconds: 7)
        let lines = PrometheusText.family("Flow_Streaming_Response_Duration", in: telemetry.metricsText())
        #expect(lines.contains(#"Flow_Streaming_Response_Duration_bucket{flow="my_flow",le="0.0"} 0"#))
        #expect(lines.contains(#"Flow_Streaming_Response_Duration_bucket{flow="my_flow",le="10.0"} 1"#))
        #expect(lines.contains(#"Flow_Streaming_Response_Duration_bucket{flow="my_flow",le="10000.0"} 1"#))
        #expect(!lines.contains(where: { $0.contains(#"le="300000.0""#) }))
        #expect(lines.contains(#"Flow_Streaming_Response_Duration_sum{flow="my_flow"} 7.0"#))
    }

    @Test func nodeMetricsTokensAndStatus() {
        let telemetry = telemetry()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        telemetry.metrics.recordNode(
            NodeSample(
                name: "chat", status: "Completed", start: start, end: start.addingTimeInterval(0.25), kind: "llm",
                model: "gpt-4o", promptTokens: 12, completionTokens: 3))
        telemetry.metrics.recordNode(
            NodeSample(
                name: "chat", status: "Completed", start: start, end: start.addingTimeInterval(0.5), kind: "llm",
                model: "gpt-4o", promptTokens: 8, completionTokens: 0))
        telemetry.metrics.recordNode(
            NodeSample(
                name: "tool", status: "Failed", start: start, end: start.addingTimeInterval(0.001), kind: "python",
                error: "ToolExecutionError"))
        let text = telemetry.metricsText()
        #expect(
            PrometheusText.family("Token_Consumption", in: text)
                == [
                    "# TYPE Token_Consumption counter",
                    #"Token_Consumption{flow="my_flow",node="chat",llm_engine="gpt-4o",token_type="prompt_tokens"} 20"#,
                    #"Token_Consumption{flow="my_flow",node="chat",llm_engine="gpt-4o",token_type="completion_tokens"} 3"#,
                ].sorted())
        #expect(
            PrometheusText.family("Node_Request", in: text)
                == [
                    "# TYPE Node_Request counter",
                    #"Node_Request{flow="my_flow",node="chat",run_status="Completed",exception=""} 2"#,
                    #"Node_Request{flow="my_flow",node="tool",run_status="Failed",exception="ToolExecutionError"} 1"#,
                ].sorted())
        #expect(
            PrometheusText.value(#"Node_Latency_sum{flow="my_flow",node="chat",run_status="Completed"}"#, in: text)
                == 750)
        #expect(
            PrometheusText.value(
                #"Node_Latency_bucket{flow="my_flow",node="chat",run_status="Completed",le="250.0"}"#, in: text) == 1)
        #expect(
            PrometheusText.value(
                #"Node_Latency_bucket{flow="my_flow",node="chat",run_status="Completed",le="500.0"}"#, in: text) == 2)
        #expect(
            PrometheusText.value(#"Node_Latency_count{flow="my_flow",node="tool",run_status="Failed"}"#, in: text) == 1)
    }

    @Test func remoteCallMetrics() {
        let telemetry = telemetry()
        telemetry.metrics.recordRemoteCall(node: "chat", apiCall: "openai_chat", milliseconds: 120, exception: nil)
        let text = telemetry.metricsText()
        #expect(
            PrometheusText.family("RPC_Request", in: text) == [
                "# TYPE RPC_Request counter",
                #"RPC_Request{flow="my_flow",node="chat",api_call="openai_chat",exception=""} 1"#,
            ])
        #expect(
            PrometheusText.value(#"RPC_Latency_sum{flow="my_flow",node="chat",api_call="openai_chat"}"#, in: text)
                == 120)
    }

    @Test func commonDimensionsAreAddedToEveryMetricAndWinOverBuiltIns() throws {
        let configuration = try TelemetryConfiguration.fromEnvironment(
            flowName: "my_flow",
            environment: [
                "PF_SERVING_METRICS_COMMON_DIMENSIONS": #"{"endpoint": "ep1", "deployment": "blue", "flow": "renamed"}"#
            ])
        #expect(
            configuration.commonDimensions.map { "\($0.0)=\($0.1)" } == [
                "deployment=blue", "endpoint=ep1", "flow=renamed",
            ])
        let telemetry = ServingTelemetry(configuration: configuration)
        telemetry.metrics.recordFlowRequest(responseCode: 200, exception: nil, streaming: false)
        telemetry.metrics.recordStreamingResponseDuration(milliseconds: 1)
        let text = telemetry.metricsText()
        #expect(
            PrometheusText.family("Flow_Request", in: text) == [
                "# TYPE Flow_Request counter",
                #"Flow_Request{flow="renamed",response_code="200",exception="",streaming="False",deployment="blue",endpoint="ep1"} 1"#,
            ])
        #expect(
            text.contains(#"Flow_Streaming_Response_Duration_count{flow="renamed",deployment="blue",endpoint="ep1"} 1"#)
        )
    }

    @Test func nonStringCommonDimensionsAreWrittenAsJSON() throws {
        let dimensions = try TelemetryConfiguration.parseCommonDimensions(
            #"{"replica": 2, "ratio": 0.5, "canary": true}"#)
        #expect(dimensions.map { "\($0.0)=\($0.1)" } == ["canary=true", "ratio=0.5", "replica=2"])
    }

    @Test func malformedCommonDimensionsAreAClearError() {
        for raw in ["{not json", "[1, 2]", #"{"a": {"b": 1}}"#] {
            #expect(throws: TelemetryConfigurationError.self) {
                try TelemetryConfiguration.fromEnvironment(
                    flowName: "f", environment: ["PF_SERVING_METRICS_COMMON_DIMENSIONS": raw])
            }
        }
        do {
            _ = try TelemetryConfiguration.fromEnvironment(
                flowName: "f", environment: ["PF_SERVING_METRICS_COMMON_DIMENSIONS": "[1]"])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "Invalid PF_SERVING_METRICS_COMMON_DIMENSIONS: expected a JSON object.")
        }
    }

    @Test func serversInOneProcessDoNotShareMetrics() {
        let first = telemetry()
        let second = telemetry()
        first.metrics.recordFlowRequest(responseCode: 200, exception: nil, streaming: false)
        #expect(first.metricsText().contains("Flow_Request{"))
        #expect(!second.metricsText().contains("Flow_Request"))
    }

    @Test func processMetricsUseStandardNames() throws {
        #if os(Linux)
            let text = telemetry().metricsText()
            #expect(text.contains("# TYPE process_cpu_seconds_total counter\n"))
            #expect(text.contains("# TYPE process_resident_memory_bytes gauge\n"))
            let resident = try #require(PrometheusText.value("process_resident_memory_bytes", in: text))
            #expect(resident > 1_000_000)
            let openFDs = try #require(PrometheusText.value("process_open_fds", in: text))
            #expect(openFDs >= 3)
            let cpu = try #require(PrometheusText.value("process_cpu_seconds_total", in: text))
            #expect(cpu > 0)
            let started = try #require(PrometheusText.value("process_start_time_seconds", in: text))
            let now = Date().timeIntervalSince1970
            // The test process started before now and (far) less than a day ago.
            #expect(started <= now + 1 && started > now - 86_400)
            #expect(PrometheusText.value("process_max_fds", in: text) ?? 0 >= openFDs)
        #endif
    }

    @Test func statFieldsSurviveParenthesesInTheCommandName() throws {
        let stat = "42 (a) b) c) S 1 " + (4...52).map(String.init).joined(separator: " ")
        let fields = try #require(ProcessMetrics.statFields(stat))
        #expect(fields[0] == "S")
        #expect(fields[1] == "1")
    }
}
