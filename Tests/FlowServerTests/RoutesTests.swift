import FlowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// COMPAT §C routes besides /score: health, version, swagger, feedback, metrics, traces, the 404 sentence,
/// request ids and trace-context continuation.
@Suite struct RoutesTests {
    @Test func healthAndVersionReportTheBuild() async throws {
        let info = #"{"build_number": "20261126.7", "commit": "abc123"}"#
        let served = try await ServedFlow(
            files: FlowFixtures.echo, configuration: ServedFlow.configuration(buildInfo: info))
        defer { served.close() }
        try await served.test { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.text == #"{"status":"Healthy","version":"0.4.0"}"# + "\n")
            let version = try await client.execute(uri: "/version", method: .get)
            #expect(
                version.text
                    == #"{"build_info":"{\"build_number\": \"20261126.7\", \"commit\": \"abc123\"}","status":"Healthy","version":"20261126.7"}"#
                    + "\n")
        }
    }

    @Test(arguments: ["/health", "/version", "/swagger.json"])
    func headAnswersLikeGetWithoutABody(path: String) async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let get = try await client.execute(uri: path, method: .get)
            let head = try await client.execute(uri: path, method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.contentType] == "application/json")
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(head.body.readableBytes == 0)
        }
    }

    @Test func unknownRoutesAndMethodsGetPromptflowsSentence() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let unknown = try await client.execute(uri: "/unknown", method: .get)
            #expect(unknown.status == .notFound)
            #expect(
                unknown.text
                    == errorBody(
                        "UserError",
                        "The requested api 'unknown' with GET is not supported by current app, if you entered the URL "
                            + "manually please check your spelling and try again."))
            let wrongMethod = try await client.execute(uri: "/health", method: .post)
            #expect(wrongMethod.status == .notFound)
            #expect(wrongMethod.text.contains("The requested api 'health' with POST is not supported by current app"))
        }
    }

    @Test func requestIDsAreEchoedAndBecomeTheRunID() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let given = try await client.score(#"{"text": "a"}"#, headers: [.init("x-request-id")!: "req-42"])
            #expect(given.headers[.init("x-request-id")!] == "req-42")
            let azure = try await client.score(#"{"text": "a"}"#, headers: [.init("x-ms-client-request-id")!: "ms-7"])
            #expect(azure.headers[.init("x-ms-client-request-id")!] == "ms-7")
            let generated = try await client.score(#"{"text": "a"}"#)
            #expect(generated.headers[.init("x-request-id")!]?.count == 36)
            let traces = try await client.execute(uri: "/traces", method: .get)
            #expect(traces.text.contains("req-42"))
            #expect(traces.text.contains("ms-7"))
        }
    }

    @Test func callersTraceIsContinuedAndFeedbackLandsInIt() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        let traceID = "0af7651916cd43dd8448eb211c80319c"
        let traceparent = "00-\(traceID)-b7ad6b7169203331-01"
        try await served.test { client in
            let scored = try await client.score(#"{"text": "a"}"#, headers: [.init("traceparent")!: traceparent])
            #expect(scored.status == .ok)
            let feedback = try await client.execute(
                uri: "/feedback?flatten=true", method: .post,
                headers: [.init("traceparent")!: traceparent, .init("baggage")!: "user=ada"],
                body: ByteBuffer(string: #"{"rating": 5}"#))
            #expect(feedback.text == #"{"status":"Feedback received."}"# + "\n")
            let trace = try await client.execute(uri: "/traces/\(traceID)", method: .get)
            #expect(trace.status == .ok)
            #expect(trace.text.contains("b7ad6b7169203331"))
            #expect(trace.text.contains("promptflow-feedback"))
            #expect(trace.text.contains("rating"))
            let missing = try await client.execute(uri: "/traces/ffffffffffffffffffffffffffffffff", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func metricsCountRequestsWithPromptflowsNames() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            _ = try await client.score(#"{"text": "a"}"#)
            _ = try await client.score(#"{"nope": "a"}"#)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("Flow_Request"))
            #expect(metrics.text.contains(#"response_code="200""#))
            #expect(metrics.text.contains(#"response_code="400""#))
            #expect(metrics.text.contains("Node_Latency"))
        }
    }

    @Test func swaggerIsServed() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let swagger = try await client.execute(uri: "/swagger.json", method: .get)
            #expect(swagger.status == .ok)
            #expect(swagger.headers[.contentType] == "application/json")
            #expect(swagger.text.contains(#""openapi":"3.0.0""#))
            #expect(swagger.text.contains(#""/feedback""#))
        }
    }
}
