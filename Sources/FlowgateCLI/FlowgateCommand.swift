import ArgumentParser

/// The `flowgate` command: subcommands for flows and templates (the platform's commands join later).
public struct FlowgateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flowgate",
        abstract: "Serve prompt flows as real-time endpoints on your own machines.",
        subcommands: [FlowCommand.self, TemplateCommand.self, ConnectionCommand.self, RunCommand.self])
    public init() {}
}

extension FlowgateCommand {
    /// Parses the process arguments and runs the chosen subcommand (async commands included).
    public static func start() async {
        let command: any AsyncParsableCommand.Type = FlowgateCommand.self
        await command.main()
    }
}
