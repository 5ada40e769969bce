import ArgumentParser
import FlowEngine
import Platform

/// `flowgate connection create -f conn.yaml` or `--name N --type T --set k=v …`: adds a connection.
struct ConnectionCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a connection from promptflow's connection YAML or from --name, --type and --set.",
        discussion: """
            Values written ${env:VAR} take VAR's value now. For custom connections use \
            --set configs.KEY=VALUE and --set secrets.KEY=VALUE. Known types: \
            \(ConnectionSchema.knownTypes.joined(separator: ", ")).
            """)

    @OptionGroup var store: ConnectionStoreOptions

    @Option(name: [.short, .customLong("file")], help: "A promptflow connection YAML file.", completion: .file())
    var file: String?

    @Option(name: .long, help: "The connection name (overrides the file's name).")
    var name: String?

    @Option(name: .long, help: "The connection type, when no file is given (e.g. open_ai, azure_open_ai, custom).")
    var type: String?

    @Option(name: .customLong("set"), help: "KEY=VALUE to set (repeatable).")
    var settings: [String] = []

    func validate() throws {
        if file == nil {
            guard name != nil else { throw ValidationError("Give -f FILE, or --name and --type.") }
            guard type != nil else { throw ValidationError("--type is required without -f FILE.") }
        } else if type != nil {
            throw ValidationError("--type cannot be combined with -f FILE; the file's type is used.")
        }
    }

    func run() async throws {
        let document: ConnectionDocument
        if let file {
            document = try ConnectionDocument.load(path: file, name: name, settings: settings)
        } else {
            document = try ConnectionDocument.make(name: name ?? "", type: type ?? "", settings: settings)
        }
        for field in document.ignoredFields {
            printError("Warning: ignoring '\(field)': not a field of a \(document.connection.type) connection.")
        }
        if let client = try store.serverClient() {
            let created = try await client.json(
                .POST, "/connections", body: .object(ConnectionJSON.body(document.connection)))
            var shown = created.objectValue ?? [:]
            shown["ignored_keys"] = nil
            print(PrettyJSON.text(.object(shown)))
            return
        }
        let store = try store.openStore()
        try await store.create(document.connection)
        print(ConnectionPrinter.json(try await store.show(document.connection.name)))
    }
}
