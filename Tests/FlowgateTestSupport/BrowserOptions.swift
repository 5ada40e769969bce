import Foundation

/// Where the browser and its driver live and how the browser window is set up.
/// Paths default to `FLOWGATE_CHROMIUM` / `FLOWGATE_CHROMEDRIVER`, else Debian's `/usr/bin/chromium` and `/usr/bin/chromedriver`.
public struct BrowserOptions: Sendable {
    /// The chromium executable (Debian's `/usr/bin/chromium` is a launcher script; chromedriver runs it).
    public var chromium: String
    /// The chromedriver executable.
    public var chromedriver: String
    /// Window size in CSS pixels (width, height).
    public var windowSize: (width: Int, height: Int)
    /// Extra chromium switches after the defaults (`--headless=new --no-sandbox --disable-gpu --window-size=...`).
    public var extraArguments: [String]
    /// How long start() waits for chromedriver and the first session (a loaded 2-core machine is slow).
    public var startTimeout: Duration

    public init(
        chromium: String? = nil, chromedriver: String? = nil, windowSize: (width: Int, height: Int) = (1280, 900),
        extraArguments: [String] = [], startTimeout: Duration = .seconds(60)
    ) {
        let environment = ProcessInfo.processInfo.environment
        self.chromium = chromium ?? environment["FLOWGATE_CHROMIUM"] ?? "/usr/bin/chromium"
        self.chromedriver = chromedriver ?? environment["FLOWGATE_CHROMEDRIVER"] ?? "/usr/bin/chromedriver"
        self.windowSize = windowSize
        self.extraArguments = extraArguments
        self.startTimeout = startTimeout
    }

    /// The executables that are not there (empty when both are).
    public var missingExecutables: [String] {
        [chromium, chromedriver].filter { !FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// chromium's switches for a session: headless, no sandbox (containers run as root), a fresh profile.
    func chromiumArguments(profile: String) -> [String] {
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=\(windowSize.width),\(windowSize.height)", "--user-data-dir=\(profile)",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        ] + extraArguments
    }
}
