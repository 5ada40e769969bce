import ArgumentParser

/// `flowgate audit list`: the server's audit log, who did what on the management API (Owners only).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show who did what on the management API: writes, refusals and key reads (Owners only).",
        subcommands: [AuditListCommand.self])
}
