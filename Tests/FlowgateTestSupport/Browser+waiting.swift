extension Browser {
    /// Waits until an element matching `css` exists (and, when `visible`, is displayed); returns it.
    /// Pages render asynchronously, so tests wait rather than sleep; the deadline is generous for a loaded machine.
    @discardableResult
    public func waitFor(_ css: String, visible: Bool = true, timeout: Duration = .seconds(30)) async throws
        -> BrowserElement
    {
        var found: BrowserElement?
        try await waitFor("\(visible ? "a visible" : "an") element matching \(css)", timeout: timeout) {
            for element in try await self.findAll(css) {
                if visible, try await !element.isDisplayed() { continue }
                found = element
                return true
            }
            return false
        }
        guard let found else { throw WebDriverError.timedOut(css) }
        return found
    }

    /// Waits until the first element matching `css` shows text containing `fragment`; returns the whole text.
    @discardableResult
    public func waitForText(_ css: String, containing fragment: String, timeout: Duration = .seconds(30)) async throws
        -> String
    {
        var last = ""
        do {
            try await waitFor("text containing \"\(fragment)\" in \(css)", timeout: timeout) {
                last = try await self.find(css).text()
                return last.contains(fragment)
            }
        } catch WebDriverError.timedOut(let what) {
            throw WebDriverError.timedOut("\(what) (last text: \"\(last.prefix(300))\")")
        }
        return last
    }

    /// Polls `predicate` every 100 ms until it is true or `timeout` passes. A predicate that throws (an element
    /// not there yet, a stale reference after a re-render) counts as false; the last error is in the timeout message.
    public func waitFor(
        _ description: String, timeout: Duration = .seconds(30), _ predicate: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while true {
            do {
                if try await predicate() { return }
                lastError = nil
            } catch WebDriverError.closed {
                throw WebDriverError.closed
            } catch {
                lastError = error
            }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WebDriverError.timedOut(description + (lastError.map { " (last error: \($0))" } ?? ""))
    }
}
