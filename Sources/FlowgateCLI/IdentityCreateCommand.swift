import ArgumentParser
import FlowSpec

/// `flowgate identity create --name N`: a user-assigned identity, to name in an endpoint's
/// `identity.user_assigned_identities` and grant roles to.
struct IdentityCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a user-assigned identity.")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("n"), .long], help: "The identity's name.")
    var name: String

    func run() async throws {
        let created = try await server.client().json(.POST, "/identities", body: ["name": .string(name)])
        PrincipalTable.emit(created, json: output.json, table: PrincipalTable.principal)
    }
}
