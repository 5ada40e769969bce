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

                // The Flows page lists what the server holds, with the uploaded flow's kind and a Deploy button.
                try await browser.click("a[data-nav=flows]")
                try await browser.waitFor("table[data-list=snapshots]")
                let rows = try await browser.findAll("table[data-list=snapshots] tbody tr")
                #expect(rows.count == 1)
                let row = try await browser.text("table[data-list=snapshots] tbody tr")
                #expect(row.contains("dag") && row.contains("Deploy"), "\(row)")
            }
        }
    }

    @Test("the runs page shows a server run's line counts and opens its outputs")
    func runsPage() async throws {
        try await ConsoleServer.with { server in
            let flow = ConsoleServer.repositoryRoot.path + "/examples/flows/python-only"
            // `text` has a default, which (as in promptflow) wins over a same-named column unless it is mapped.
            let made = try await server.call(
                .POST, "/api/v1/runs",
                json: #"{"name": "words-1", "flow": "\#(flow)", "rows": [{"text": "b c b"}, {"text": "c"}], "column_mapping": {"text": "${data.text}"}}"#)
            #expect(made.status == 202, "\(made.body)")
            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                // The run finishes in the background; reload the list until it says so.
                var row = ""
                for _ in 0..<60 where !row.contains("2 of 2") {
                    try await browser.navigate(to: server.base + "/#/runs")
                    row = try await browser.waitForText("tr[data-run=words-1]", containing: "words-1")
                    if !row.contains("2 of 2") { try await Task.sleep(for: .milliseconds(500)) }
                }
                #expect(row.contains("2 of 2") && row.contains("Completed"), "\(row)")
                try await browser.click("tr[data-run=words-1] a")
                let outputs = try await browser.waitForText("main table", containing: "words")
                #expect(outputs.contains("b (2)"), "\(outputs)")
                try await ConsoleBrowserTests.shot(browser, "runs")
            }
        }
    }
}
