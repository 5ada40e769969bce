import Foundation

/// How browser tests get their browser: skipped (with the reason printed) only when run by hand on a machine
/// without chromium/chromedriver; under `CI` (any value but empty, `0` or `false`) a missing browser is a failure.
public enum BrowserTest {
    /// Whether this run is CI's (`.ci/run` sets `CI=true`).
    public static var isCI: Bool {
        let value = (ProcessInfo.processInfo.environment["CI"] ?? "").lowercased()
        return !(value.isEmpty || value == "0" || value == "false")
    }

    /// A started browser, or nil after printing why the test is skipped (not installed, not CI).
    /// Throws `WebDriverError.notInstalled` under CI (`ci`, from the environment by default), and any other start
    /// failure always.
    public static func start(
        _ options: BrowserOptions = BrowserOptions(), ci: Bool = BrowserTest.isCI, test: String = #function
    ) async throws -> Browser? {
        do {
            return try await Browser.start(options)
        } catch let error as WebDriverError {
            if case .notInstalled = error, !ci {
                print("SKIPPED \(test): \(error). Under CI=true this fails.")
                return nil
            }
            throw error
        }
    }

    /// Runs `body` with a started browser and closes it afterwards, also when `body` throws; returns without
    /// running `body` when the browser is skipped (see `start`). When `body` throws, what the page showed is
    /// printed first (address, console messages and errors, the start of its text), the clues a CI log needs.
    public static func run(
        _ options: BrowserOptions = BrowserOptions(), test: String = #function,
        _ body: (Browser) async throws -> Void
    ) async throws {
        guard let browser = try await start(options, test: test) else { return }
        do {
            try await body(browser)
        } catch {
            print(await pageReport(browser, test: test))
            await browser.close()
            throw error
        }
        await browser.close()
    }

    /// The page's address, console messages and first 2 000 characters of text, for a failed test's log.
    public static func pageReport(_ browser: Browser, test: String = #function) async -> String {
        let url = (try? await browser.currentURL()) ?? "?"
        let messages = (try? await browser.consoleMessages()) ?? []
        let text = (try? await browser.evaluate("return document.body ? document.body.innerText : '';"))?.string ?? ""
        var lines = ["--- browser page after \(test) failed: \(url)"]
        lines += messages.suffix(30).map { "console: \($0.prefix(500))" }
        lines.append("text: \(text.prefix(2_000))")
        lines.append("---")
        return lines.joined(separator: "\n")
    }
}
