/// One element of the page a `Browser` shows (a W3C element reference); stale once the page replaces it.
/// `selector` is the CSS that found it, kept for error messages.
public struct BrowserElement: Sendable {
    let browser: Browser
    /// The WebDriver element id.
    public let id: String
    /// The CSS selector that found it.
    public let selector: String

    init(browser: Browser, reference: WebDriverValue, selector: String) throws {
        guard let id = reference[WebDriverValue.elementKey]?.string else {
            throw WebDriverError.malformedResponse(path: "/element", body: "\(reference)")
        }
        self.browser = browser
        self.id = id
        self.selector = selector
    }

    /// Scrolls the element into view and clicks its centre (fails when something else covers it).
    public func click() async throws {
        _ = try await browser.command(.POST, "/element/\(id)/click")
    }

    /// Focuses the element and types `text` (appended to an input's value; `\u{E007}` is Enter).
    public func type(_ text: String) async throws {
        _ = try await browser.command(.POST, "/element/\(id)/value", ["text": .string(text)])
    }

    /// Empties an input or textarea.
    public func clear() async throws {
        _ = try await browser.command(.POST, "/element/\(id)/clear")
    }

    /// The rendered text (what a user sees: hidden parts left out, whitespace collapsed).
    public func text() async throws -> String {
        try await browser.command(.GET, "/element/\(id)/text").string ?? ""
    }

    /// The HTML attribute `name` (nil when absent).
    public func attribute(_ name: String) async throws -> String? {
        try await browser.command(.GET, "/element/\(id)/attribute/\(name)").string
    }

    /// The DOM property `name` (an input's current `value`, `checked`, ...).
    public func property(_ name: String) async throws -> WebDriverValue {
        try await browser.command(.GET, "/element/\(id)/property/\(name)")
    }

    /// Whether the element is rendered visibly.
    public func isDisplayed() async throws -> Bool {
        try await browser.command(.GET, "/element/\(id)/displayed").bool ?? false
    }

    /// Whether a form control is enabled.
    public func isEnabled() async throws -> Bool {
        try await browser.command(.GET, "/element/\(id)/enabled").bool ?? false
    }

    /// The first descendant matching `css`.
    public func find(_ css: String) async throws -> BrowserElement {
        let found = try await browser.command(
            .POST, "/element/\(id)/element", ["using": "css selector", "value": .string(css)])
        return try BrowserElement(browser: browser, reference: found, selector: css)
    }

    /// Every descendant matching `css`.
    public func findAll(_ css: String) async throws -> [BrowserElement] {
        let found = try await browser.command(
            .POST, "/element/\(id)/elements", ["using": "css selector", "value": .string(css)])
        return try (found.array ?? []).map { try BrowserElement(browser: browser, reference: $0, selector: css) }
    }

    /// This element as a script argument (`arguments[i]` is the DOM node).
    public var scriptArgument: WebDriverValue {
        .object([WebDriverValue.elementKey: .string(id)])
    }
}
