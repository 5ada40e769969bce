import ArgumentParser

/// `flowgate principal key revoke --principal N --id K`: the key is refused once this returns.
struct PrincipalKeyRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a principal's key.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("p"), .long], help: "The principal's name.")
    var principal: String

    @Option(name: .long, help: "The key's id (from 'principal key list').")
    var id: String

    func run() async throws {
        try await server.client().json(
            .DELETE, "/principals/\(PathSegment.escape(principal))/keys/\(PathSegment.escape(id))")
        print("Key '\(id)' of '\(principal)' revoked.")
    }
}
