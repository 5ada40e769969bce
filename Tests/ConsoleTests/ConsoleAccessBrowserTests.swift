import Foundation
import Testing

@testable import FlowgateTestSupport

/// Connections, identities and roles: a secret goes in and is only shown masked; an identity is created and
/// granted a role in two clicks (Grant… on its row, then Grant).
@Suite("Console access pages", .serialized)
struct ConsoleAccessBrowserTests {
    @Test("create a connection (secret masked), create an identity, grant it a role in two clicks")
    func connectionsIdentitiesGrant() async throws {
        try await ConsoleServer.with { server in
            try await BrowserTest.run { browser in
                try await ConsoleBrowserTests.signIn(browser, server)
                try await browser.click("a[data-nav=connections]")
                try await browser.waitFor(".page-head button.primary").click()
                try await browser.waitFor("input[name=name]").type("openai-main")
                try await browser.type("input[name=api_key]", "sk-console-secret")
                try await browser.click("form button[type=submit]")
                let row = try await browser.waitForText("tr[data-connection=openai-main]", containing: "api_key")
                #expect(row.contains("******") && !row.contains("sk-console-secret"), "\(row)")
                let stored = try await server.call(.GET, "/api/v1/connections/openai-main").body
                #expect(stored.contains("openai-main"))

                try await browser.click("a[data-nav=identities]")
                try await browser.waitFor("input[name=name]").type("app-id")
                try await browser.click("form button[type=submit]")
                try await browser.waitFor("tr[data-identity=app-id]")
                try await Self.shotAndGrant(browser)
                try await browser.waitFor("the assignment") {
                    let body = try await server.call(.GET, "/api/v1/role-assignments").body
                    return body.contains(#""principal":"app-id""#) && body.contains("Connection Secrets Reader")
                }
                _ = try await browser.waitForText("[role=status]", containing: "Granted")
            }
        }
    }

    static func shotAndGrant(_ browser: Browser) async throws {
        try await ConsoleBrowserTests.shot(browser, "identities")
        try await browser.click("tr[data-identity=app-id] a.button")  // click 1: Grant…
        try await browser.waitFor("form button.primary").click()  // click 2: Grant
        try await ConsoleBrowserTests.shot(browser, "access")
    }
}
