import ArgumentParser

/// `flowgate role-assignment list [--principal P] [--scope S]`.
struct RoleAssignmentListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List role assignments.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("p"), .long], help: "Only this principal's assignments.")
    var principal: String?

    @Option(name: .long, help: "Only assignments at this scope.")
    var scope: String?

    func run() async throws {
        var query: [String] = []
        if let principal { query.append("principal=\(PathSegment.escape(principal))") }
        if let scope { query.append("scope=\(PathSegment.escape(scope))") }
        let path = "/role-assignments" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let list = try await server.client().json(.GET, path)
        ResourcePrinter.list(list, json: output.json, table: PrincipalTable.assignments)
    }
}
