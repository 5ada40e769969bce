import Foundation

/// An immutable copy of a flow folder, named by the SHA-256 of its files (sorted relative paths and contents),
/// so editing the folder later never changes a deployment and two deployments of the same flow share one copy.
public struct FlowSnapshot: Sendable, Hashable {
    /// The content hash, 64 lowercase hex digits.
    public let id: String
    public let fileCount: Int
    public let byteCount: Int
    public let createdAt: Date

    public init(id: String, fileCount: Int, byteCount: Int, createdAt: Date = Date()) {
        self.id = id
        self.fileCount = fileCount
        self.byteCount = byteCount
        self.createdAt = createdAt
    }

    /// Whether `id` has the shape of a snapshot id, so it is safe as a folder name.
    public static func isValidID(_ id: String) -> Bool {
        id.utf8.count == 64 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
