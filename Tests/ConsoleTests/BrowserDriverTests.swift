import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import FlowgateTestSupport

/// The browser driver itself, against a page a tiny Hummingbird server serves: a real chromium reads an element,
/// clicks a button whose script changes it, types into an input and runs script; then everything it started is gone.
@Suite("Browser driver")
struct BrowserDriverTests {
    static let page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Driver check</title></head>
        <body>
          <h1 id="greeting">Hello</h1>
          <label for="name">Name</label> <input id="name" type="text">
          <button id="change" type="button">Change</button>
          <ul id="items"><li>one</li><li>two</li><li style="display:none">hidden</li></ul>
          <script type="module" src="/page.js"></script>
        </body></html>
        """

    /// The click handler replies after a short delay, so the test has to wait for the change, as console tests do.
    static let script = """
        console.log('page ready');
        document.getElementById('change').addEventListener('click', () => {
          const name = document.getElementById('name').value || 'nobody';
          setTimeout(() => { document.getElementById('greeting').textContent = `Changed by ${name}`; }, 150);
        });
        """

    static func application() -> some ApplicationProtocol {
        let router = Router()
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        router.get("/page.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: script)))
        }
        var logger = Logger(label: "BrowserDriverTests")
        logger.logLevel = .critical
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    }

    @Test("reads text, clicks a button that changes it, types, evaluates, screenshots, then closes cleanly")
    func drivesAPage() async throws {
        try await Self.application().test(.live) { client in
            let port = try #require(client.port)
            try await BrowserTest.run { browser in
                try await browser.navigate(to: "http://127.0.0.1:\(port)/")
                #expect(try await browser.title() == "Driver check")
                #expect(try await browser.text("#greeting") == "Hello")

                try await browser.type("#name", "Ada")
                #expect(try await browser.find("#name").property("value") == .string("Ada"))
                try await browser.click("#change")
                let changed = try await browser.waitForText("#greeting", containing: "Changed")
                #expect(changed == "Changed by Ada")

                let items = try await browser.findAll("#items li")
                #expect(items.count == 3)
                #expect(try await items[2].isDisplayed() == false)
                #expect(try await browser.findAll("#absent").isEmpty)
                let visible = try await browser.waitFor("#items li")
                #expect(try await visible.text() == "one")

                let sum = try await browser.evaluate("return arguments[0] + arguments[1];", [2, 3])
                #expect(sum.number == 5)
                let fetched = try await browser.evaluateAsync(
                    "const done = arguments[0]; fetch('/page.js').then(r => done(r.status));")
                #expect(fetched.number == 200)

                #expect(try await browser.consoleMessages().contains { $0.contains("page ready") })
                let report = await BrowserTest.pageReport(browser)
                #expect(report.contains("http://127.0.0.1:\(port)/"), "\(report)")
                #expect(report.contains("Changed by Ada"), "\(report)")

                let missing = await #expect(throws: WebDriverError.self) { try await browser.find("#absent") }
                #expect(missing?.errorCode == "no such element")

                let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "flowgate-driver-shots-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                let shot = folder.appendingPathComponent("page.png")
                try await browser.screenshot(to: shot)
                let png = try Data(contentsOf: shot)
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            }
        }
    }

    @Test("close ends chromium and chromedriver and removes the profile; commands after close fail")
    func closeStopsEverything() async throws {
        guard let browser = try await BrowserTest.start() else { return }
        let driverPID = browser.driver.processIdentifier
        let browserPID = try #require(browser.state.withLock { $0.browserProcess })
        let folder = browser.driver.folder
        #expect(Self.isRunning(driverPID))
        #expect(Self.isRunning(browserPID))
        await browser.close()
        // chromium is chromedriver's child, reaped by it; poll generously in case exit is still under way.
        let deadline = ContinuousClock.now + .seconds(30)
        while Self.isRunning(browserPID), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!Self.isRunning(driverPID))
        #expect(!Self.isRunning(browserPID))
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        await #expect(throws: WebDriverError.self) { try await browser.navigate(to: "about:blank") }
        await browser.close()
    }

    /// Alive and not a zombie (an exited child whose parent has not reaped it still answers kill(pid, 0)).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return !stat[close...].hasPrefix(") Z")
    }

    @Test("a missing chromedriver is a clear not-installed error naming the path")
    func missingDriverIsClear() async throws {
        let options = BrowserOptions(chromedriver: "/nonexistent/chromedriver")
        let error = await #expect(throws: WebDriverError.self) { try await Browser.start(options) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("/nonexistent/chromedriver"))
        #expect(text.contains("apt-get install chromium chromium-driver"))
    }

    @Test("without a browser: skipped by hand (nil), a failure under CI")
    func missingBrowserSkipsOnlyByHand() async throws {
        let options = BrowserOptions(chromium: "/nonexistent/chromium")
        #expect(try await BrowserTest.start(options, ci: false) == nil)
        await #expect(throws: WebDriverError.self) { try await BrowserTest.start(options, ci: true) }
    }
}
