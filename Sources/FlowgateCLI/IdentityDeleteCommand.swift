import ArgumentParser

/// `flowgate identity delete --name N`: refused while an endpoint uses it; its role assignments go with it.
struct IdentityDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a user-assigned identity with its role assignments.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The identity's name.")
    var name: String

    func run() async throws {
        try await server.client().json(.DELETE, "/identities/\(PathSegment.escape(name))")
        print("Identity '\(name)' deleted.")
    }
}
