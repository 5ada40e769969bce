import ArgumentParser
import FlowSpec

/// `flowgate endpoint regenerate-keys --name N --key-type primary [--key-value V]`: replaces one key; the old one
/// stops working as soon as the server answers. The new key is not printed (get-credentials shows it).
struct EndpointRegenerateKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regenerate-keys", abstract: "Replace the endpoint's primary or secondary key.")

    enum KeyType: String, ExpressibleByArgument, CaseIterable {
        case primary
        case secondary
    }

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The endpoint name.")
    var name: String

    @Option(name: .long, help: "Which key: primary or secondary.")
    var keyType: KeyType = .primary

    @Option(name: .long, help: "The new key's value (default: a random key).")
    var keyValue: String?

    /// The `regenerate-keys` body.
    var body: FlowObject {
        var body: FlowObject = ["key_type": .string(keyType.rawValue)]
        if let keyValue { body["key_value"] = .string(keyValue) }
        return body
    }

    func run() async throws {
        try await server.client().json(
            .POST, "/endpoints/\(PathSegment.escape(name))/regenerate-keys", body: .object(body))
        print("The \(keyType.rawValue) key of endpoint '\(name)' was regenerated (get-credentials shows it).")
    }
}
