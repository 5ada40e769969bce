import ArgumentParser

/// `flowgate flow …`: work with one flow folder (validate, test).
struct FlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Work with one flow: a flow.dag.yaml folder, a .prompty file or a flow.flex.yaml entry.",
        subcommands: [FlowValidateCommand.self, FlowTestCommand.self, FlowServeCommand.self])
}
