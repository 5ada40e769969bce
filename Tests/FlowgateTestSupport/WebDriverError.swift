/// Why a browser could not be started or a WebDriver command failed, in words a test failure can show.
public enum WebDriverError: Error, CustomStringConvertible, Sendable {
    /// chromium or chromedriver is missing (the paths looked at, and how to install them).
    case notInstalled(missing: [String])
    /// chromedriver did not become ready, or the session could not be created.
    case couldNotStart(String)
    /// The driver answered a command with a W3C error (`no such element`, `stale element reference`, ...).
    case command(method: String, path: String, error: String, message: String)
    /// The driver's answer was not the JSON the protocol describes.
    case malformedResponse(path: String, body: String)
    /// `waitFor` gave up.
    case timedOut(String)
    /// The browser was closed.
    case closed

    /// The W3C error code (`no such element`, ...) of a failed command.
    public var errorCode: String? {
        if case .command(_, _, let error, _) = self { return error }
        return nil
    }

    public var description: String {
        switch self {
        case .notInstalled(let missing):
            return "browser tests need chromium and chromedriver; missing: \(missing.joined(separator: ", "))"
                + " (Debian: apt-get install chromium chromium-driver; or set FLOWGATE_CHROMIUM / FLOWGATE_CHROMEDRIVER)"
        case .couldNotStart(let reason): return "could not start the browser: \(reason)"
        case .command(let method, let path, let error, let message):
            return "WebDriver \(method) \(path) failed: \(error): \(message.prefix(600))"
        case .malformedResponse(let path, let body): return "WebDriver \(path) answered \(body.prefix(300))"
        case .timedOut(let what): return "timed out waiting for \(what)"
        case .closed: return "the browser was closed"
        }
    }
}
