import ArgumentParser

/// `flowgate principal delete --name N`: its keys are refused at once and its role assignments go with it.
struct PrincipalDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a principal with its keys and role assignments.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The principal's name.")
    var name: String

    func run() async throws {
        try await server.client().json(.DELETE, "/principals/\(PathSegment.escape(name))")
        print("Principal '\(name)' deleted.")
    }
}
