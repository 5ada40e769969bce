import Foundation
import Testing

@testable import FlowgateTestSupport

/// A token-auth endpoint made with the wizard's Endpoint page: Test scores with a token, Consume shows the token
/// with its expiry and Refresh gets a new one.
@Suite("Console token endpoint", .serialized)
struct ConsoleTokenBrowserTests {
    @Test("wizard with token auth; Test works with the token; Consume refreshes it")
    func tokenEndpoint() async throws {
        try await ConsoleServer.with { server in
            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                try await browser.navigate(to: server.base + "/#/deploy")
                try await browser.waitFor("input[name=model]")
                    .type(ConsoleServer.repositoryRoot.path + "/examples/flows/python-only")
                try await browser.type("input[name=endpoint]", "tokened")
                try await browser.click(".wizard-nav button.primary")
                try await browser.waitFor("input[name=auth][value=aml_token]").click()
                try await browser.click("ol.steps li:nth-child(5) button")
                _ = try await browser.waitForText("pre[data-review=endpoint]", containing: "aml_token")
                try await browser.click("[data-action=create]")
                _ = try await browser.waitForText("main h1", containing: "blue", timeout: .seconds(60))
                try await browser.waitFor("the deployment to take traffic", timeout: .seconds(180)) {
                    try await server.call(.GET, "/api/v1/endpoints/tokened").body.contains(#""blue":100"#)
                }

                try await browser.navigate(to: server.base + "/#/endpoints/tokened/deployments/blue/test")
                try await browser.waitFor(".test-form button[type=submit]").click()
                _ = try await browser.waitForText("[data-result=body]", containing: "report")

                try await browser.navigate(to: server.base + "/#/endpoints/tokened/deployments/blue/consume")
                let token = try await browser.waitFor("input[aria-label='Access token']")
                let first = try await token.property("value").string ?? ""
                #expect(first.split(separator: ".").count == 3, "a JWT: \(first.prefix(20))")
                _ = try await browser.waitForText("#auth-title ~ div dl", containing: "Expires")
                try await ConsoleBrowserTests.shot(browser, "consume-token")
                try await browser.click("#auth-title ~ div button:not([aria-pressed]):not(.copy)")
                try await browser.waitFor("a new token") {
                    let now = try await browser.find("input[aria-label='Access token']").property("value").string
                    return now != nil && now != first
                }
            }
        }
    }
}
