import FlowEngine
import Foundation

/// A connection as the store lists and shows it: secrets masked as `******`, plus when it was created and changed.
/// The secret values themselves only leave the store through `LocalConnectionStore.connection(named:)`.
public struct StoredConnection: Sendable, Hashable {
    /// The connection with every secret masked.
    public let connection: Connection
    public let createdAt: Date
    public let updatedAt: Date

    public init(connection: Connection, createdAt: Date, updatedAt: Date) {
        self.connection = connection.masked
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
