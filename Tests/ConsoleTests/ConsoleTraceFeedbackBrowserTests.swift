import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import FlowgateTestSupport

/// The Traces tab of a deployment with tracing on: a node's recorded inputs and output shown when its span is
/// selected, and the feedback a client posted through the gateway shown on the trace.
@Suite("Console trace inputs and feedback", .serialized)
struct ConsoleTraceFeedbackBrowserTests {
    @Test("a node's inputs and the request's feedback on the Traces tab")
    func nodeInputsAndFeedback() async throws {
        try await ConsoleServer.with { server in
            let key = try await server.deploy(
                endpoint: "rated", flow: ConsoleServer.repositoryRoot.path + "/examples/flows/python-only",
                extra: #", "environment_variables": {"FLOWGATE_TRACE_RECORD_INPUTS": "true"}"#)
            let traceID = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let traceparent = "00-\(traceID)-00f067aa0ba902b7-01"
            #expect(
                try await Self.post(server, "score", key: key, traceparent: traceparent, #"{"text": "kiwi kiwi fig"}"#)
                    == .ok)
            let feedback = #"{"rating": 5, "comment": "spot on"}"#
            #expect(
                try await Self.post(server, "feedback?flatten=true", key: key, traceparent: traceparent, feedback)
                    == .ok)

            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                try await browser.navigate(to: server.base + "/#/endpoints/rated/deployments/blue/traces")
                try await browser.waitFor("[data-trace='\(traceID)']").click()
                _ = try await browser.waitForText(".feedback", containing: "rating: 5")
                #expect(try await browser.text(".feedback").contains("comment: spot on"))
                _ = try await browser.waitForText(".waterfall", containing: "text_stats")
                // Feedback is the trace's own block, not a bar stretching the request's timeline.
                #expect(try await !browser.text(".waterfall").contains("promptflow-feedback"))
                _ = try await browser.evaluate(
                    "[...document.querySelectorAll('.waterfall button')].find((b) => b.textContent.includes('text_stats')).click();"
                )
                _ = try await browser.waitForText("[data-io=span-inputs]", containing: "kiwi kiwi fig")
                #expect(try await browser.findAll("[data-io=span-output]").count == 1)
                try await ConsoleBrowserTests.shot(browser, "traces-feedback")
            }
        }
    }

    /// `POST /endpoints/rated/<route>` with the key and the trace context; the answer's status.
    static func post(
        _ server: ConsoleServer, _ route: String, key: String, traceparent: String, _ body: String
    ) async throws -> HTTPResponseStatus {
        var request = HTTPClientRequest(url: server.base + "/endpoints/rated/" + route)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "traceparent", value: traceparent)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status
    }
}
