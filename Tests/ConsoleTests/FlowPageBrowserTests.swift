import AsyncHTTPClient
import Foundation
import Testing

@testable import FlowgateTestSupport

/// `flowgate flow serve` serves a one-flow test page at `/`: the form from /swagger.json, answers from /score.
@Suite("Flow serve test page", .serialized)
struct FlowPageBrowserTests {
    /// The `flowgate` binary next to the test bundle (SwiftPM builds it with the tests).
    static var executable: URL {
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [products, Bundle.main.bundleURL] {
            let url = candidate.appendingPathComponent("flowgate")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "flowgate")
    }

    /// Reads the banner until it names the URL (`http://127.0.0.1:PORT`), which `--port 0` picks.
    static func servingURL(_ pipe: Pipe, _ process: Process) throws -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { continue }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                return String(text[range])
            }
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no URL in the banner: \(text)"])
    }

    @Test("the page at / scores the flow from its form and shows the answer")
    func formOnFlowServe() async throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = [
            "flow", "serve", ConsoleServer.repositoryRoot.path + "/examples/flows/python-only", "--port", "0",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let base = try Self.servingURL(output, process)
        let deadline = ContinuousClock.now + .seconds(120)
        var up = false
        while !up, ContinuousClock.now < deadline, process.isRunning {
            up =
                (try? await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/health"), timeout: .seconds(5)))?
                .status == .ok
            if !up { try await Task.sleep(for: .milliseconds(200)) }
        }
        try #require(up, "flow serve did not come up")
        let page = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/"), timeout: .seconds(10))
        #expect(page.headers.first(name: "content-security-policy")?.contains("default-src 'self'") == true)

        try await BrowserTest.run { browser in
            try await browser.navigate(to: base + "/")
            _ = try await browser.waitForText("main h1", containing: "python-only")
            let text = try await browser.waitFor("textarea[name=text]")
            try await text.clear()
            try await text.type("red green red")
            try await browser.click(".test-form button[type=submit]")
            let answer = try await browser.waitForText("[data-result=body]", containing: "report")
            #expect(answer.contains("red"), "\(answer)")
            try await ConsoleBrowserTests.shot(browser, "flow-serve-page")
        }
    }
}
