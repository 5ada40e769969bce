import Foundation
import Testing

@testable import Telemetry

@Suite struct RequestTelemetryTests {
    static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    private func llmSample(start: Date) -> NodeSample {
        NodeSample(
            name: "chat", status: "Completed", start: start, end: start.addingTimeInterval(0.2), kind: "llm",
            model: "gpt-4o-mini", promptTokens: 30, completionTokens: 12)
    }

    @Test func requestNodeAndLLMSpansFormOneTreeInTheCallersTrace() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "chat_flow"))
        let request = telemetry.startRequest(
            runID: "run-1", method: "POST", path: "/score", traceparent: Self.traceparent, tracestate: "rojo=1",
            baggage: "user=alice")
        let start = Date()
        request.node(
            NodeSample(
                name: "prepare", status: "Completed", start: start, end: start.addingTimeInterval(0.01), kind: "python")
        )
        request.node(llmSample(start: start.addingTimeInterval(0.01)))
        request.finish(statusCode: 200, streaming: false, exception: nil)

        let spans = try #require(telemetry.store.trace(id: "4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(spans.count == 4)
        let root = try #require(spans.first(where: { $0.kind == .server }))
        #expect(root.name == "POST /score")
        #expect(root.spanID == request.spanID)
        #expect(root.parentSpanID == "00f067aa0ba902b7")
        #expect(root.traceState == "rojo=1")
        #expect(root.attribute("line_run_id") == .string("run-1"))
        #expect(root.attribute("http.response.status_code") == .int(200))
        #expect(root.attribute("user") == .string("alice"))
        #expect(root.attribute("llm.usage.total_tokens") == .int(42))
        #expect(root.status == .ok)
        let chat = try #require(spans.first(where: { $0.name == "chat" }))
        #expect(chat.parentSpanID == root.spanID)
        let prepare = try #require(spans.first(where: { $0.name == "prepare" }))
        #expect(prepare.parentSpanID == root.spanID)
        let llm = try #require(spans.first(where: { $0.name == "openai_chat" }))
        #expect(llm.parentSpanID == chat.spanID)
        #expect(llm.kind == .client)
        #expect(llm.attribute("llm.response.model") == .string("gpt-4o-mini"))
        #expect(llm.attribute("llm.usage.prompt_tokens") == .int(30))
        #expect(llm.attribute("llm.usage.completion_tokens") == .int(12))
        #expect(llm.attribute("llm.usage.total_tokens") == .int(42))
        #expect(llm.status == .ok)
        #expect(Set(spans.map(\.traceID)) == ["4bf92f3577b34da6a3ce929d0e0e4736"])
        #expect(Set(spans.map(\.spanID)).count == 4)
        #expect(request.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-\(request.spanID)-01")

        let text = telemetry.metricsText()
        #expect(text.contains(#"Flow_Request{flow="chat_flow",response_code="200",exception="",streaming="False"} 1"#))
        #expect(
            text.contains(
                #"Flow_Latency_count{flow="chat_flow",response_code="200",streaming="False",response_type="default"} 1"#
            ))
        #expect(text.contains(#"RPC_Request{flow="chat_flow",node="chat",api_call="openai_chat",exception=""} 1"#))
        #expect(
            text.contains(
                #"Token_Consumption{flow="chat_flow",node="chat",llm_engine="gpt-4o-mini",token_type="prompt_tokens"} 30"#
            ))
    }

    @Test func aMalformedTraceparentStartsAFreshTraceWithoutParent() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: "00-XYZ-1-01", tracestate: "rojo=1", baggage: nil)
        request.finish(statusCode: 200, streaming: false, exception: nil)
        let spans = try #require(telemetry.store.trace(id: request.traceID))
        #expect(spans.count == 1)
        #expect(spans[0].parentSpanID == nil)
        #expect(spans[0].traceState == nil)
    }

    @Test func streamingRecordsFirstByteLastByteAndDuration() {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        request.firstByte()
        request.firstByte()
        request.finish(statusCode: 200, streaming: true, exception: nil)
        let text = telemetry.metricsText()
        #expect(text.contains(#"Flow_Request{flow="f",response_code="200",exception="",streaming="True"} 1"#))
        #expect(
            text.contains(
                #"Flow_Latency_count{flow="f",response_code="200",streaming="True",response_type="firstbyte"} 1"#))
        #expect(
            text.contains(
                #"Flow_Latency_count{flow="f",response_code="200",streaming="True",response_type="lastbyte"} 1"#))
        #expect(!text.contains(#"response_type="default""#))
        #expect(text.contains(#"Flow_Streaming_Response_Duration_count{flow="f"} 1"#))
        let first = PrometheusText.value(
            #"Flow_Latency_sum{flow="f",response_code="200",streaming="True",response_type="firstbyte"}"#, in: text)
        let last = PrometheusText.value(
            #"Flow_Latency_sum{flow="f",response_code="200",streaming="True",response_type="lastbyte"}"#, in: text)
        #expect(first! <= last!)
    }

    @Test func finishCountsOnceAndLaterNodesAreIgnored() {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        request.finish(statusCode: 500, streaming: false, exception: "SystemError")
        request.finish(statusCode: 200, streaming: false, exception: nil)
        request.node(NodeSample(name: "late", status: "Completed", start: Date(), end: Date(), kind: "python"))
        let text = telemetry.metricsText()
        #expect(
            text.contains(#"Flow_Request{flow="f",response_code="500",exception="SystemError",streaming="False"} 1"#))
        #expect(!text.contains(#"response_code="200""#))
        let spans = telemetry.store.trace(id: request.traceID) ?? []
        #expect(spans.count == 1)
        #expect(spans.first?.status == .error("SystemError"))
    }

    @Test func failedLLMNodeMarksSpansAndRPCException() throws {
        let telemetry = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "f"))
        let request = telemetry.startRequest(
            runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        let start = Date()
        request.node(
            NodeSample(
                name: "chat", status: "Failed", start: start, end: start, kind: "llm", model: "gpt-4o",
                error: "OpenAIError"))
        request.finish(statusCode: 500, streaming: false, exception: "SystemError")
        let spans = try #require(telemetry.store.trace(id: request.traceID))
        #expect(spans.first(where: { $0.name == "chat" })?.status == .error("OpenAIError"))
        #expect(spans.first(where: { $0.name == "openai_chat" })?.status == .error("OpenAIError"))
        #expect(
            telemetry.metricsText().contains(
                #"RPC_Request{flow="f",node="chat",api_call="openai_chat",exception="OpenAIError"} 1"#))
        #expect(telemetry.tracesJSON(limit: 10).contains(#""status":"error""#))
    }

    @Test func inputsAreRecordedOnlyWhenEnabled() throws {
        for enabled in [false, true] {
            let telemetry = ServingTelemetry(
                configuration: TelemetryConfiguration(flowName: "f", recordInputs: enabled))
            let request = telemetry.startRequest(
                runID: "r", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
            request.inputs(json: #"{"question": "secret plans"}"#)
            request.finish(statusCode: 200, streaming: false, exception: nil)
            let json = try #require(telemetry.traceJSON(id: request.traceID))
            #expect(json.contains("secret plans") == enabled)
        }
    }

    @Test func recordInputsComesFromTheEnvironmentAndIsOffByDefault() throws {
        #expect(try TelemetryConfiguration.fromEnvironment(flowName: "f", environment: [:]).recordInputs == false)
        #expect(
            try TelemetryConfiguration.fromEnvironment(
                flowName: "f", environment: ["FLOWGATE_TRACE_RECORD_INPUTS": "true"]
            ).recordInputs)
    }

    @Test func oneStructuredLogLinePerRequestWithoutInputs() throws {
        let logs = CapturedLogs()
        let telemetry = ServingTelemetry(
            configuration: TelemetryConfiguration(flowName: "f", recordInputs: false), logger: logs.logger())
        let request = telemetry.startRequest(
            runID: "req-7", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        request.inputs(json: #"{"api_key": "sk-secret"}"#)
        request.finish(statusCode: 400, streaming: false, exception: "UserError")
        let finished = logs.all.filter { $0.message == "request finished" }
        try #require(finished.count == 1)
        let metadata = finished[0].metadata
        #expect(finished[0].level == .info)
        #expect(metadata["request_id"] == "req-7")
        #expect(metadata["trace_id"] == request.traceID)
        #expect(metadata["status"] == "400")
        #expect(metadata["error_code"] == "UserError")
        #expect(Double(metadata["latency_ms"] ?? "") != nil)
        #expect(
            !logs.all.contains { record in
                record.message.contains("sk-secret") || record.metadata.values.contains { $0.contains("sk-secret") }
            })
    }
}
