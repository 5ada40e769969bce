import Foundation
import Testing

@testable import FlowgateTestSupport

/// The console in a real headless chromium against a real server: sign in, see the endpoints, open a deployment,
/// score from the form, chat with streaming, read and run the Consume samples. Screenshots of each page go to
/// `<temp>/flowgate-console-screenshots/` (the path is printed).
@Suite("Console in a browser", .serialized)
struct ConsoleBrowserTests {
    /// Where every page's screenshot goes: `$FLOWGATE_CONSOLE_SCREENSHOTS` (docs/console is refreshed this way),
    /// else `<tmp>/flowgate-console-screenshots`.
    static let shots =
        ProcessInfo.processInfo.environment["FLOWGATE_CONSOLE_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-console-screenshots")

    static func shot(_ browser: Browser, _ name: String) async throws {
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        try await browser.screenshot(to: shots.appendingPathComponent("\(name).png"))
    }

    /// Signs in through the form as a user would, and waits for the endpoints page.
    static func signIn(_ browser: Browser, _ server: ConsoleServer) async throws {
        try await browser.navigate(to: server.base + "/")
        try await browser.waitFor("input[name=key]")
        try await shot(browser, "signin")
        try await browser.type("input[name=key]", server.adminKey)
        try await browser.click("form.signin button[type=submit]")
        try await browser.waitFor("h1")
        _ = try await browser.waitForText("main h1", containing: "Endpoints")
    }

    @Test("sign in, the endpoints list shows the endpoint, open it, score from the form and the JSON editor")
    func signInAndScore() async throws {
        try await ConsoleServer.with { server in
            _ = try await server.deploy(
                endpoint: "words", flow: ConsoleServer.repositoryRoot.path + "/examples/flows/python-only")
            try await BrowserTest.run { browser in
                // A wrong key is refused at the field.
                try await browser.navigate(to: server.base + "/#/signin")
                try await browser.waitFor("input[name=key]").type("fgk_wrong")
                try await browser.click("form.signin button[type=submit]")
                _ = try await browser.waitForText(".field .error", containing: "not accepted")

                try await Self.signIn(browser, server)
                let row = try await browser.waitFor("tr[data-endpoint=words]")
                #expect(try await row.text().contains("Succeeded"))
                #expect(try await row.text().contains("blue 100%"))
                try await Self.shot(browser, "endpoints")

                try await browser.click("tr[data-deployment='words/blue'] a")
                _ = try await browser.waitForText("[role=tab][aria-selected=true]", containing: "Details")
                _ = try await browser.waitForText("ol.stages", containing: "ready")
                try await Self.shot(browser, "details")

                // Keyboard: ArrowRight on the selected tab moves to the next one (Test) and keeps focus on the tabs.
                try await browser.find("[role=tab][aria-selected=true]").type("\u{E014}")
                _ = try await browser.waitForText("[role=tab][aria-selected=true]", containing: "Test")
                try await browser.waitFor("focus on the Test tab") {
                    try await browser.evaluate("return document.activeElement.dataset.tab || '';").string == "test"
                }
                let text = try await browser.waitFor("textarea[name=text]")
                try await text.clear()
                try await text.type("one two two three three three")
                try await browser.click(".test-form button[type=submit]")
                let answer = try await browser.waitForText("[data-result=body]", containing: "report")
                #expect(answer.contains("three"), "\(answer)")
                let meta = try await browser.text("[data-result=meta]")
                #expect(meta.contains("200") && meta.contains("Request id"), "\(meta)")
                try await Self.shot(browser, "test-form")

                // The JSON editor: invalid JSON is flagged at the field, valid JSON is sent.
                try await browser.click("[data-mode=json]")
                let editor = try await browser.waitFor("textarea[name=json]")
                try await editor.clear()
                try await editor.type("{\"text\": ")
                _ = try await browser.waitForText("textarea[name=json] ~ .error", containing: "Not valid JSON")
                try await editor.type("\"alpha alpha beta\", \"top_n\": 1}")
                try await browser.click(".test-form button[type=submit]")
                let second = try await browser.waitForText("[data-result=body]", containing: "alpha")
                #expect(!second.contains("three"), "\(second)")
                try await Self.shot(browser, "test-json")

                // Nothing the pages did was refused by the content security policy, and no script failed.
                let messages = try await browser.consoleMessages()
                #expect(
                    !messages.contains {
                        $0.contains("Content Security Policy") || ($0.hasPrefix("SEVERE") && $0.contains(".js "))
                    },
                    "\(messages)")
            }
        }
    }

    @Test(
        "Consume shows the URL, masked keys and samples in six languages; curl, urllib, node, requests and Swift run")
    func consumeSamples() async throws {
        try await ConsoleServer.with { server in
            let key = try await server.deploy(
                endpoint: "words", flow: ConsoleServer.repositoryRoot.path + "/examples/flows/python-only")
            try await BrowserTest.run { browser in
                try await Self.signIn(browser, server)
                try await browser.navigate(to: server.base + "/#/endpoints/words/deployments/blue/consume")
                _ = try await browser.waitForText("[data-consume=scoring-uri]", containing: "/endpoints/words/score")
                let keyField = try await browser.waitFor("input[aria-label='Primary key']")
                #expect(try await keyField.attribute("type") == "password")
                #expect(try await keyField.property("value").string == key)
                var samples: [String: String] = [:]
                for tab in ["curl", "python", "urllib", "javascript", "csharp", "swift"] {
                    try await browser.click("[role=tab][data-tab=\(tab)]")
                    samples[tab] = try await browser.waitForText(
                        "pre[data-sample=\(tab)]", containing: "/endpoints/words/score")
                }
                #expect(samples["python"]?.contains("import requests") == true)
                #expect(samples["javascript"]?.contains("getReader()") == true)
                #expect(samples["csharp"]?.contains("HttpClient") == true)
                #expect(samples["swift"]?.contains("URLSession") == true)
                try await Self.shot(browser, "consume")

                // The samples run as printed, the key in FLOWGATE_ENDPOINT_KEY (requests only where it is installed).
                var runners = [("curl", ["/bin/sh", "-c"]), ("urllib", ["python3", "-c"])]
                if (try? Self.run(["node", "--version"], key: key))?.hasPrefix("v") == true {
                    runners.append(("javascript", ["node", "--input-type=module", "-e"]))
                }
                if (try? Self.run(["python3", "-c", "import requests; print('ok')"], key: key))?.hasPrefix("ok") == true
                {
                    runners.append(("python", ["python3", "-c"]))
                }
                for (tab, command) in runners {
                    let output = try Self.run(command + [samples[tab] ?? ""], key: key)
                    #expect(output.contains("report"), "\(tab) sample printed: \(output)")
                }
                // The Swift sample as a script (`swift file.swift`, a second or two here).
                let script = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "flowgate-sample-\(UUID().uuidString).swift")
                defer { try? FileManager.default.removeItem(at: script) }
                try Data((samples["swift"] ?? "").utf8).write(to: script)
                let swiftOutput = try Self.run(["swift", script.path], key: key)
                #expect(swiftOutput.contains("report"), "swift sample printed: \(swiftOutput)")
            }
        }
    }

    @Test("a chat flow: the message goes out with the history, the answer streams in several pieces")
    func chatStreams() async throws {
        let llm = TestLLMServer()
        let llmURL = try await llm.start()
        let flow = try ConsoleServer.example("chat-basic")
        defer { try? FileManager.default.removeItem(at: flow) }
        try await ConsoleServer.with { server in
            let made = try await server.call(
                .POST, "/api/v1/connections",
                json:
                    #"{"name": "open_ai_connection", "type": "open_ai", "api_key": "sk-test", "base_url": "\#(llmURL)"}"#
            )
            #expect(made.status == 201, "\(made.body)")
            _ = try await server.deploy(endpoint: "chatty", flow: flow.path)
            try await BrowserTest.run { browser in
                try await Self.signIn(browser, server)
                try await browser.navigate(to: server.base + "/#/endpoints/chatty/deployments/blue/test")
                let box = try await browser.waitFor("textarea[name=chat-input]")
                try await box.type("hello there")
                try await browser.click("form.composer button[type=submit]")
                let first = try await browser.waitForText("[data-role=answer] .answer-text", containing: "echo:")
                #expect(first.contains("hello there"), "\(first)")
                try await browser.waitFor("[data-role=answer] [data-result=meta]")
                let pieces = try await browser.find("[data-role=answer]").attribute("data-pieces")
                #expect((Int(pieces ?? "0") ?? 0) > 1, "streamed pieces: \(pieces ?? "none")")

                try await box.type("and again")
                try await browser.click("form.composer button[type=submit]")
                try await browser.waitFor("[data-role=answer]:nth-of-type(4) [data-result=meta]")
                try await Self.shot(browser, "test-chat")
            }
        }
        // The second request carried the first turn as chat_history.
        let bodies = llm.requests.map(\.body)
        #expect(bodies.last?.contains("hello there") == true, "\(bodies.last ?? "")")
    }

    /// Runs a sample with the key in its environment variable; answers what it printed.
    static func run(_ arguments: [String], key: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_ENDPOINT_KEY"] = key
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
