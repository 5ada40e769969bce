import Foundation
import NIOHTTP1
import Synchronization

/// A headless chromium driven over the W3C WebDriver protocol by its own chromedriver child (test support).
///
/// `let browser = try await Browser.start()` (throws `WebDriverError.notInstalled` when chromium or chromedriver
/// is missing), then `navigate(to:)`, `find`/`waitFor` elements, `click`, `type`, read `text`, `evaluate` script,
/// `screenshot(to:)`, and always `await browser.close()` (ends the session, chromium and chromedriver).
/// `BrowserTest.start()` is the entry point for tests: it skips by hand without a browser but fails under CI.
public final class Browser: Sendable {
    struct State {
        var session: String?
        var browserProcess: Int32?
    }

    let driver: ChromeDriverProcess
    let state: Mutex<State>

    private init(driver: ChromeDriverProcess, session: String, browserProcess: Int32?) {
        self.driver = driver
        self.state = Mutex(State(session: session, browserProcess: browserProcess))
    }

    /// Launches chromedriver on a free loopback port and opens a headless chromium session with a fresh profile.
    public static func start(_ options: BrowserOptions = BrowserOptions()) async throws -> Browser {
        let missing = options.missingExecutables
        guard missing.isEmpty else { throw WebDriverError.notInstalled(missing: missing) }
        let driver = try await launchDriver(options)
        let chromeOptions: WebDriverValue = .object([
            "binary": .string(options.chromium),
            "args": .array(options.chromiumArguments(profile: driver.profile).map(WebDriverValue.string)),
        ])
        let capabilities: WebDriverValue = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome", "goog:chromeOptions": chromeOptions,
                    "goog:loggingPrefs": ["browser": "ALL"], "unhandledPromptBehavior": "accept",
                ]
            ]
        ]
        do {
            let created = try await driver.connection.send(
                .POST, "/session", capabilities, timeout: options.startTimeout)
            guard let session = created["sessionId"]?.string else {
                throw WebDriverError.couldNotStart("chromedriver answered no session id")
            }
            let pid = created["capabilities"]?["goog:processID"]?.number.map { Int32($0) }
            return Browser(driver: driver, session: session, browserProcess: pid)
        } catch let error as WebDriverError {
            let tail = driver.logTail
            await driver.stop()
            if case .command(_, _, _, let message) = error {
                throw WebDriverError.couldNotStart("new session failed: \(message.prefix(600))\n\(tail)")
            }
            throw error
        } catch {
            await driver.stop()
            throw WebDriverError.couldNotStart("new session failed: \(error)")
        }
    }

    /// chromedriver on a free port; tried three times, since another process can take the port between the
    /// moment it is picked and the moment chromedriver binds it.
    private static func launchDriver(_ options: BrowserOptions) async throws -> ChromeDriverProcess {
        var attempt = 1
        while true {
            do {
                return try await ChromeDriverProcess(options: options)
            } catch WebDriverError.couldNotStart where attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Ends the session (chromium quits), stops chromedriver and removes the profile; safe to call twice.
    public func close() async {
        let (session, pid) = state.withLock { state in
            defer { state.session = nil }
            return (state.session, state.browserProcess)
        }
        guard let session else { return }
        _ = try? await driver.connection.send(.DELETE, "/session/\(session)", timeout: .seconds(30))
        await driver.stop()
        // chromedriver normally takes chromium down with it; a browser it lost track of is ended by its id.
        if let pid, kill(pid, 0) == 0 {
            kill(pid, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(10)
            while kill(pid, 0) == 0, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
    }

    /// Sends a command for this session (`path` after `/session/{id}`).
    func command(
        _ method: HTTPMethod, _ path: String, _ body: WebDriverValue? = nil, timeout: Duration = .seconds(120)
    ) async throws -> WebDriverValue {
        guard let session = state.withLock({ $0.session }) else { throw WebDriverError.closed }
        return try await driver.connection.send(method, "/session/\(session)\(path)", body, timeout: timeout)
    }

    // MARK: Navigation

    /// Loads `url` and waits for the page's load event.
    public func navigate(to url: String) async throws {
        _ = try await command(.POST, "/url", ["url": .string(url)])
    }

    /// The address the page is at now (after redirects and hash changes).
    public func currentURL() async throws -> String {
        try await command(.GET, "/url").string ?? ""
    }

    /// The document's title.
    public func title() async throws -> String {
        try await command(.GET, "/title").string ?? ""
    }

    /// Reloads the page.
    public func refresh() async throws {
        _ = try await command(.POST, "/refresh")
    }

    // MARK: Elements

    /// The first element matching the CSS selector; throws (`no such element`) when there is none.
    public func find(_ css: String) async throws -> BrowserElement {
        let found = try await command(.POST, "/element", ["using": "css selector", "value": .string(css)])
        return try BrowserElement(browser: self, reference: found, selector: css)
    }

    /// Every element matching the CSS selector, in document order (empty when none).
    public func findAll(_ css: String) async throws -> [BrowserElement] {
        let found = try await command(.POST, "/elements", ["using": "css selector", "value": .string(css)])
        return try (found.array ?? []).map { try BrowserElement(browser: self, reference: $0, selector: css) }
    }

    /// Finds the element and clicks it.
    public func click(_ css: String) async throws {
        try await find(css).click()
    }

    /// Finds the element and types `text` into it (appending to what it holds).
    public func type(_ css: String, _ text: String) async throws {
        try await find(css).type(text)
    }

    /// The rendered text of the first element matching the selector.
    public func text(_ css: String) async throws -> String {
        try await find(css).text()
    }

    // MARK: Script, screenshots, console

    /// Runs `script` as a function body in the page (`return ...` gives the result); `arguments` are `arguments[i]`.
    @discardableResult
    public func evaluate(_ script: String, _ arguments: [WebDriverValue] = []) async throws -> WebDriverValue {
        try await command(.POST, "/execute/sync", ["script": .string(script), "args": .array(arguments)])
    }

    /// Runs `script` with a callback as its last argument (`arguments[arguments.length - 1](result)`), for promises.
    @discardableResult
    public func evaluateAsync(_ script: String, _ arguments: [WebDriverValue] = []) async throws -> WebDriverValue {
        try await command(.POST, "/execute/async", ["script": .string(script), "args": .array(arguments)])
    }

    /// Saves a PNG of the viewport to `file` (folders created as needed).
    public func screenshot(to file: URL) async throws {
        let encoded = try await command(.GET, "/screenshot").string ?? ""
        guard let png = Data(base64Encoded: encoded) else {
            throw WebDriverError.malformedResponse(path: "/screenshot", body: String(encoded.prefix(80)))
        }
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: file)
    }

    /// The page's console messages and uncaught errors since the last call (`LEVEL text` lines; chromedriver's log).
    public func consoleMessages() async throws -> [String] {
        let entries = try await command(.POST, "/se/log", ["type": "browser"])
        return (entries.array ?? []).map { entry in
            "\(entry["level"]?.string ?? "?") \(entry["message"]?.string ?? "")"
        }
    }
}
