import Foundation
import Testing

@testable import Telemetry

@Suite("Metrics history per minute")
struct MetricsHistoryTests {
    /// 2026-11-26T10:00:00Z, on a whole minute.
    let hour = Date(timeIntervalSince1970: 1_795_687_200)

    @Test("answers land in their minute by status class; empty minutes fill the gaps with zeros")
    func countsByMinuteAndClass() {
        let history = MetricsHistory(minutes: 60)
        for code in [200, 200, 201, 404, 429, 500, 503] {
            history.recordRequest(
                endpoint: "e", deployment: "blue", statusCode: code, duration: .milliseconds(20),
                at: hour.addingTimeInterval(5))
        }
        history.recordRequest(
            endpoint: "e", deployment: "blue", statusCode: 200, duration: .milliseconds(20),
            at: hour.addingTimeInterval(125))
        history.recordRequest(
            endpoint: "e", deployment: "green", statusCode: 500, duration: .milliseconds(20),
            at: hour.addingTimeInterval(125))

        let minutes = history.summaries(
            endpoint: "e", deployment: "blue", count: 3, now: hour.addingTimeInterval(130))
        #expect(minutes.map(\.start) == [hour, hour.addingTimeInterval(60), hour.addingTimeInterval(120)])
        #expect(minutes[0].requests == ["2xx": 3, "3xx": 0, "4xx": 1, "429": 1, "5xx": 2])
        #expect(minutes[0].errors == 4)
        #expect(minutes[1].total == 0)
        #expect(minutes[1].latencyP50Milliseconds == nil)
        #expect(minutes[2].requests["2xx"] == 1)
        #expect(minutes[2].requests["5xx"] == 0, "green's 500 is green's, not blue's")
    }

    @Test("percentiles come within the buckets' 8 % of the true values")
    func percentiles() throws {
        let history = MetricsHistory()
        for millisecond in 1...1000 {
            history.recordRequest(
                endpoint: "e", deployment: "d", statusCode: 200, duration: .milliseconds(millisecond), at: hour)
        }
        let minute = try #require(history.summaries(endpoint: "e", deployment: "d", count: 1, now: hour).first)
        for (value, truth) in [
            (minute.latencyP50Milliseconds, 500.0), (minute.latencyP95Milliseconds, 950.0),
            (minute.latencyP99Milliseconds, 990.0),
        ] {
            let measured = try #require(value)
            #expect(measured >= truth && measured <= truth * 1.08, "\(measured) for \(truth)")
        }
    }

    @Test("a minute an hour old is overwritten, never mixed into the current one")
    func ringReuse() {
        let history = MetricsHistory(minutes: 60)
        history.recordRequest(endpoint: "e", deployment: "d", statusCode: 500, duration: .seconds(1), at: hour)
        let anHourLater = hour.addingTimeInterval(3600)
        history.recordRequest(endpoint: "e", deployment: "d", statusCode: 200, duration: .seconds(1), at: anHourLater)
        let minutes = history.summaries(endpoint: "e", deployment: "d", count: 60, now: anHourLater)
        #expect(minutes.count == 60)
        #expect(minutes.last?.requests == ["2xx": 1, "3xx": 0, "4xx": 0, "429": 0, "5xx": 0])
        #expect(minutes.dropLast().allSatisfy { $0.total == 0 })
    }

    @Test("tokens add up per minute; forget drops a deployment and an endpoint")
    func tokensAndForget() {
        let history = MetricsHistory()
        history.recordTokens(endpoint: "e", deployment: "d", prompt: 12, completion: 30, at: hour)
        history.recordTokens(endpoint: "e", deployment: "d", prompt: 8, completion: 0, at: hour)
        history.recordTokens(endpoint: "e", deployment: "other", prompt: 1, completion: 1, at: hour)
        let minute = history.summaries(endpoint: "e", deployment: "d", count: 1, now: hour)[0]
        #expect(minute.promptTokens == 20 && minute.completionTokens == 30)
        #expect(minute.total == 0, "tokens are not requests")

        history.forget(endpoint: "e", deployment: "d")
        #expect(history.summaries(endpoint: "e", deployment: "d", count: 1, now: hour)[0].promptTokens == 0)
        history.forgetEndpoint("e")
        #expect(history.summaries(endpoint: "e", deployment: "other", count: 1, now: hour)[0].promptTokens == 0)
    }

    @Test("an instance's telemetry records its LLM tokens under its endpoint and deployment dimensions")
    func telemetryRecordsTokens() throws {
        let shared = ServingTelemetry(configuration: TelemetryConfiguration(flowName: "server"))
        let instance = ServingTelemetry(
            configuration: TelemetryConfiguration(
                flowName: "chat", commonDimensions: [("deployment", "blue"), ("endpoint", "chat")]),
            sharingMetricsWith: shared)
        #expect(instance.history === shared.history)
        let request = instance.startRequest(
            runID: "r1", method: "POST", path: "/score", traceparent: nil, tracestate: nil, baggage: nil)
        let now = Date()
        request.node(
            NodeSample(
                name: "answer", status: "Completed", start: now, end: now, kind: "llm", model: "gpt-4o",
                promptTokens: 11, completionTokens: 7))
        let minute = try #require(shared.history.summaries(endpoint: "chat", deployment: "blue", count: 1).last)
        #expect(minute.promptTokens == 11 && minute.completionTokens == 7)
    }
}
