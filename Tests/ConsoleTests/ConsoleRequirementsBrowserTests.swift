import Foundation
import Testing

@testable import FlowgateTestSupport

/// The wizard's Deployment page: a custom requirements text instead of the flow's requirements.txt. A refused line
/// comes back at the textarea with its number; a valid text builds the environment the python tool imports from,
/// the Review page and the Details tab say which environment the deployment uses.
@Suite("Console custom requirements", .serialized)
struct ConsoleRequirementsBrowserTests {
    /// A flow whose tool answers with `inflection` (installed only by the custom text) or says it is missing.
    static func flowFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("console-reqs-\(UUID().uuidString)")
        try InflectionFlow.write(into: folder, defaultText: "hello_world")
        return folder
    }

    @Test("wizard: custom requirements refused line, then built, shown on Review and Details, tool answers")
    func customRequirementsInTheWizard() async throws {
        let flow = try Self.flowFolder()
        defer { try? FileManager.default.removeItem(at: flow) }
        try await ConsoleServer.with { server in
            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                try await browser.click("a[data-nav=deploy]")
                try await browser.waitFor("input[name=model]").type(flow.path)
                try await browser.type("input[name=endpoint]", "reqs-walk")
                try await browser.click(".wizard-nav button.primary")  // Endpoint page
                _ = try await browser.waitForText(".card h2", containing: "Endpoint")
                try await browser.click(".wizard-nav button.primary")  // Deployment page
                _ = try await browser.waitForText(".card h2", containing: "Deployment")
                try await browser.waitFor("input[name=environment][value=custom]").click()
                try await browser.waitFor("textarea[name=requirements]").type(
                    "inflection==0.5.1\n--index-url https://example.com/simple\n")
                try await browser.click("ol.steps li:nth-child(5) button")
                _ = try await browser.waitForText("[data-review=environment]", containing: "custom requirements")
                try await browser.waitFor("[data-action=create]").click()
                // The server's refusal names the line; the wizard goes back to the Deployment page to show it.
                let error = try await browser.waitForText(
                    "textarea[name=requirements] ~ .error", containing: "line 2", timeout: .seconds(60))
                #expect(error.contains("pip options"), "\(error)")

                let text = try await browser.find("textarea[name=requirements]")
                try await text.clear()
                try await text.type("inflection==0.5.1\n")
                // The error scrolled the page; the step list sits under the sticky top bar until scrolled back.
                _ = try await browser.evaluate("window.scrollTo(0, 0); return true;")
                try await browser.click("ol.steps li:nth-child(5) button")
                let review = try await browser.waitForText("pre[data-review=deployment]", containing: "requirements")
                #expect(review.contains("inflection==0.5.1"), "\(review)")
                try await ConsoleBrowserTests.shot(browser, "wizard-requirements-review")
                try await browser.waitFor("[data-action=create]").click()

                _ = try await browser.waitForText("main h1", containing: "blue", timeout: .seconds(60))
                try await browser.waitFor("the deployment to succeed", timeout: .seconds(300)) {
                    let body = try await server.call(.GET, "/api/v1/endpoints/reqs-walk/deployments/blue").body
                    return body.contains(#""provisioning_state":"Succeeded""#)
                        || body.contains(#""provisioning_state":"Failed""#)
                }
                let stored = try await server.call(.GET, "/api/v1/endpoints/reqs-walk/deployments/blue").body
                #expect(stored.contains(#""provisioning_state":"Succeeded""#), "\(stored)")
                try await browser.navigate(to: server.base + "/#/endpoints/reqs-walk/deployments/blue/details")
                let shown = try await browser.waitForText("pre[data-detail=requirements]", containing: "inflection")
                #expect(shown.contains("inflection==0.5.1"))
                _ = try await browser.waitForText(".stages", containing: "custom requirements")
                try await ConsoleBrowserTests.shot(browser, "details-requirements")

                // The tool imports the package only the custom text installs.
                try await browser.navigate(to: server.base + "/#/endpoints/reqs-walk/deployments/blue/test")
                try await browser.waitFor(".test-form button[type=submit]").click()
                _ = try await browser.waitForText("[data-result=body]", containing: "HelloWorld", timeout: .seconds(60))
            }
        }
    }
}
