import Foundation
import Testing

@testable import FlowgateTestSupport

/// Register a flow before deploying it: upload its folder, see its graph, test it on the server, then Deploy opens
/// the wizard on that snapshot.
@Suite("Console flows", .serialized)
struct ConsoleFlowsBrowserTests {
    @Test("upload a flow, see the DAG, test it with the form, deploy it from there")
    func uploadSeeTestDeploy() async throws {
        let tar = try ConsoleWizardBrowserTests.archive("activate-branches")
        defer { try? FileManager.default.removeItem(at: tar) }
        try await ConsoleServer.with { server in
            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                try await browser.click("a[data-nav=flows]")
                try await browser.waitFor("input[name=flow-archive]", visible: false).type(tar.path)
                try await browser.click("form button[type=submit]")
                try await browser.waitFor("svg.dag")
                let graph = try await browser.text("svg.dag")
                #expect(graph.contains("classify") && graph.contains("merge"), "\(graph)")
                #expect(try await browser.findAll("svg.dag path.dag-edge.activate").count == 2)
                let message = try await browser.waitFor("textarea[name=message]")
                try await message.clear()
                try await message.type("How do I deploy?")
                try await browser.click(".test-form button[type=submit]")
                let answer = try await browser.waitForText("[data-result=body]", containing: "reply")
                #expect(answer.contains("question"), "\(answer)")
                let nodes = try await browser.waitForText("[data-result=nodes]", containing: "classify")
                #expect(nodes.contains("Bypassed"), "one branch is bypassed: \(nodes)")
                try await ConsoleBrowserTests.shot(browser, "flow-test")

                // Scrolled down to the answer: the page head's Deploy is under the sticky top bar, so scroll back.
                _ = try await browser.evaluate("window.scrollTo(0, 0); return true;")
                try await browser.click(".page-head a.button.primary")
                _ = try await browser.waitForText(".card .alert", containing: "uploaded flow")
                try await ConsoleBrowserTests.shot(browser, "wizard-from-flow")
            }
        }
    }
}
