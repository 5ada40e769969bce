import ArgumentParser

/// `-o table|json`: tables for people (the default), the server's JSON unchanged (indented) for scripts.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Option(name: [.short, .long], help: "Output format: table or json.")
    var output: Format = .table

    var json: Bool { output == .json }
}
