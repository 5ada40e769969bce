import ArgumentParser
import Foundation

/// `flowgate audit list [--principal P] [--action A] [--outcome O] [--since ISO] [--limit N]`: audit events,
/// newest first as the server orders them.
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List audit events, newest first.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Only this principal's events ('anonymous' for requests without a valid key).")
    var principal: String?

    @Option(name: .long, help: "Only this action, e.g. endpoints/write.")
    var action: String?

    @Option(name: .long, help: "Only this outcome: succeeded, denied or failed.")
    var outcome: String?

    @Option(name: .long, help: "Only events at or after this ISO 8601 time, e.g. 2026-11-26T08:00:00Z.")
    var since: String?

    @Option(name: .long, help: "At most this many (1 to 1000).")
    var limit: Int = 100

    func validate() throws {
        if !(1...1_000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000.") }
        if let outcome, !["succeeded", "denied", "failed"].contains(outcome) {
            throw ValidationError("--outcome must be succeeded, denied or failed, not '\(outcome)'.")
        }
    }

    var path: String {
        let filters = [("principal", principal), ("action", action), ("outcome", outcome), ("since", since)]
            .compactMap { name, value in value.map { "\(name)=\(Self.escape($0))" } }
        return "/audit?" + (filters + ["limit=\(limit)"]).joined(separator: "&")
    }

    func run() async throws {
        ResourcePrinter.list(try await server.client().json(.GET, path), json: output.json, table: AuditTable.events)
    }

    /// A query value: everything but unreserved characters and `/` escaped (`+` in a time offset included).
    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
