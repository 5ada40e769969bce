/// Bounds on what one snapshot may hold, so an upload cannot fill the disk: total bytes and file count.
/// The defaults (64 MiB, 10,000 files) are far above a flow folder and far below a full disk.
public struct SnapshotLimits: Sendable, Hashable {
    public var maxBytes: Int
    public var maxFiles: Int

    public init(maxBytes: Int = 64 << 20, maxFiles: Int = 10_000) {
        self.maxBytes = maxBytes
        self.maxFiles = maxFiles
    }
}
