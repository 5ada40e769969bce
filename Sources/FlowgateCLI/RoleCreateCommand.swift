import ArgumentParser
import FlowSpec

/// `flowgate role create --name N --action A [--action B] [--not-action C] [--description D]`.
struct RoleCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a custom role.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The role's name.")
    var name: String

    @Option(name: .long, help: "An action the role grants (repeat; '*' is a wildcard, e.g. 'deployments/*').")
    var action: [String] = []

    @Option(name: .long, help: "An action the role excludes (repeat).")
    var notAction: [String] = []

    @Option(name: .long, help: "What the role is for.")
    var description: String?

    func run() async throws {
        var body: FlowObject = [
            "name": .string(name), "actions": .list(action.map { .string($0) }),
            "not_actions": .list(notAction.map { .string($0) }),
        ]
        if let description { body["description"] = .string(description) }
        let created = try await server.client().json(.POST, "/roles", body: .object(body))
        PrincipalTable.emit(created, json: output.json, table: PrincipalTable.role)
    }
}
