/// Something that can look connections up by name: the local store, a promptflow connections file, a test double.
/// Returning `nil` means "not here"; throwing means the lookup itself failed (unreadable store, wrong key).
public protocol ConnectionProvider: Sendable {
    func connection(named name: String) async throws -> Connection?
}
