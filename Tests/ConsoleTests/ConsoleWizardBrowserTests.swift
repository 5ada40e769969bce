import Foundation
import Testing

@testable import FlowgateTestSupport

/// The seed's walk in the browser: upload a flow and deploy it with the wizard (advanced pages included), watch
/// the notification reach Succeeded, score it, regenerate a key on Consume, delete the endpoint.
@Suite("Console deploy walk", .serialized)
struct ConsoleWizardBrowserTests {
    /// A tar of an example flow folder, as a user would pick it in the file dialog.
    static func archive(_ example: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString).tar")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = [
            "-C", ConsoleServer.repositoryRoot.path + "/examples/flows/\(example)", "-cf", file.path, ".",
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return file
    }

    @Test("upload + wizard + notification + test + regenerate key + delete")
    func deployWalk() async throws {
        let tar = try Self.archive("python-only")
        defer { try? FileManager.default.removeItem(at: tar) }
        try await ConsoleServer.with { server in
            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                try await browser.click("a[data-nav=deploy]")
                try await browser.waitFor("input[name=source][value=upload]").click()
                try await browser.waitFor("input[name=archive]", visible: false).type(tar.path)
                // A bad endpoint name comes back from the server and shows at its field on the Basic page.
                try await browser.type("input[name=endpoint]", "x")
                try await browser.click("ol.steps li:nth-child(5) button")
                try await browser.waitFor("[data-action=create]").click()
                _ = try await browser.waitForText("input[name=endpoint] ~ .error", containing: "3–32")
                try await ConsoleBrowserTests.shot(browser, "wizard-error")

                let name = try await browser.find("input[name=endpoint]")
                try await name.clear()
                try await name.type("walk-one")
                try await browser.click(".wizard-nav button.primary")  // Endpoint page
                _ = try await browser.waitForText(".card h2", containing: "Endpoint")
                try await browser.click(".wizard-nav button.primary")  // Deployment page
                try await browser.waitFor("textarea[name=tags]").type("team=console")
                try await browser.click(".wizard-nav button.primary")  // Outputs and connections
                try await browser.click(".wizard-nav button.primary")  // Review
                let review = try await browser.waitForText("pre[data-review=deployment]", containing: "team")
                #expect(review.contains("snapshot_id"), "\(review)")
                try await ConsoleBrowserTests.shot(browser, "wizard-review")
                try await browser.waitFor("[data-action=create]").click()

                // The notification follows the deployment to Succeeded; the deployment page shows it.
                _ = try await browser.waitForText("main h1", containing: "blue", timeout: .seconds(60))
                try await browser.click("#bell")
                try await browser.waitFor("#notifications .note", visible: true)
                _ = try await browser.waitForText(
                    "#notifications .note:first-of-type .title", containing: "Succeeded", timeout: .seconds(180))
                try await ConsoleBrowserTests.shot(browser, "notifications")
                try await browser.click("#bell")

                // Traffic was routed to the new deployment once it succeeded.
                try await browser.waitFor("traffic 100%") {
                    let body = try await server.call(.GET, "/api/v1/endpoints/walk-one").body
                    return body.contains(#""blue":100"#)
                }
                try await browser.navigate(to: server.base + "/#/endpoints/walk-one/deployments/blue/test")
                try await browser.waitFor(".test-form button[type=submit]").click()
                _ = try await browser.waitForText("[data-result=body]", containing: "report")

                // Regenerate the primary key: the field shows a new one, which the gateway accepts.
                try await browser.navigate(to: server.base + "/#/endpoints/walk-one/deployments/blue/consume")
                let field = try await browser.waitFor("input[aria-label='Primary key']")
                let before = try await field.property("value").string ?? ""
                _ = try await browser.evaluate("window.confirm = () => true; return true;")
                try await browser.click("input[aria-label='Primary key'] ~ button:last-of-type")
                var after = before
                try await browser.waitFor("a new primary key") {
                    after = try await browser.find("input[aria-label='Primary key']").property("value").string ?? before
                    return after != before && !after.isEmpty
                }
                let keys = try await server.call(.POST, "/api/v1/endpoints/walk-one/get-credentials").body
                #expect(keys.contains(after))

                // Delete the endpoint from its page; the list no longer has it once the deletion is done.
                try await browser.navigate(to: server.base + "/#/endpoints/walk-one")
                try await browser.waitFor(".page-head button.danger")
                _ = try await browser.evaluate("window.confirm = () => true; return true;")
                try await browser.click(".page-head button.danger")
                _ = try await browser.waitForText("main h1", containing: "Endpoints")
                try await browser.waitFor("the endpoint to be gone", timeout: .seconds(60)) {
                    try await server.call(.GET, "/api/v1/endpoints/walk-one").status == 404
                }
            }
        }
    }
}
