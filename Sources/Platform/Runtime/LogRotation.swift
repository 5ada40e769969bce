/// How big one deployment log file grows before it is rotated, and how many rotated files are kept:
/// `blue-0.log` becomes `blue-0.log.1` (`.1` → `.2` …, the oldest dropped), so one source never takes more than
/// `maxFileBytes × (keptFiles + 1)` on disk (16 MiB by default).
public struct LogRotation: Sendable, Hashable {
    /// 4 MiB.
    public static let defaultMaxFileBytes = 4 << 20
    public static let defaultKeptFiles = 3

    /// The size at which the current file is rotated (a line that would take it past this goes to a new file).
    public var maxFileBytes: Int
    /// Rotated files kept per source (`.1` newest … `.keptFiles` oldest); 0 keeps none.
    public var keptFiles: Int

    public init(maxFileBytes: Int = LogRotation.defaultMaxFileBytes, keptFiles: Int = LogRotation.defaultKeptFiles) {
        self.maxFileBytes = max(1, maxFileBytes)
        self.keptFiles = max(0, keptFiles)
    }
}
