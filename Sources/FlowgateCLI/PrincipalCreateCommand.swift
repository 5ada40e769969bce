import ArgumentParser
import FlowSpec

/// `flowgate principal create --name N [--kind user|service_principal]`.
struct PrincipalCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a principal.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The principal's name.")
    var name: String

    @Option(name: .long, help: "user or service_principal.")
    var kind: String = "user"

    func run() async throws {
        let created = try await server.client().json(
            .POST, "/principals", body: ["name": .string(name), "kind": .string(kind)])
        PrincipalTable.emit(created, json: output.json, table: PrincipalTable.principal)
    }
}
