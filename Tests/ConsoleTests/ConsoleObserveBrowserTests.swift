import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@testable import FlowgateTestSupport

/// The deployment's Monitoring, Traces and Logs tabs after a few requests: charts drawn, a trace opened as a
/// waterfall, the log tail with the requests' lines.
@Suite("Console observe tabs", .serialized)
struct ConsoleObserveBrowserTests {
    @Test("monitoring charts, a trace's waterfall, the log tail and a followed new line after real requests")
    func monitoringTracesLogs() async throws {
        try await ConsoleServer.with { server in
            let key = try await server.deploy(
                endpoint: "observed", flow: ConsoleServer.repositoryRoot.path + "/examples/flows/python-only")
            for _ in 0..<3 {
                var request = HTTPClientRequest(url: server.base + "/endpoints/observed/score")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: #"{"text": "one two"}"#))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                #expect(response.status == .ok)
            }
            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                let tab = server.base + "/#/endpoints/observed/deployments/blue/"
                try await browser.navigate(to: tab + "monitoring")
                _ = try await browser.waitForText("[role=tabpanel] p", containing: "3 requests")
                #expect(try await browser.findAll("svg.chart").count == 4)
                try await ConsoleBrowserTests.shot(browser, "monitoring")

                try await browser.navigate(to: tab + "traces")
                try await browser.waitFor("[data-trace]").click()
                _ = try await browser.waitForText(".waterfall", containing: "text_stats")
                try await ConsoleBrowserTests.shot(browser, "traces")

                try await browser.navigate(to: tab + "logs")
                _ = try await browser.waitForText("[data-logs=text]", containing: "path=/score")
                try await ConsoleBrowserTests.shot(browser, "logs")

                // Follow live: a request made after following started shows up without a refresh.
                try await browser.click("input[name=follow]")
                _ = try await browser.waitForText("[role=status]", containing: "Following")
                try await Task.sleep(for: .milliseconds(300))
                var request = HTTPClientRequest(url: server.base + "/endpoints/observed/score")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "x-request-id", value: "follow-check-42")
                request.body = .bytes(ByteBuffer(string: #"{"text": "three"}"#))
                _ = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                _ = try await browser.waitForText("[data-logs=text]", containing: "follow-check-42")
            }
        }
    }
}
