import ArgumentParser

/// The `flowgate` command: subcommands for flows, templates and (later) the platform.
public struct FlowgateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flowgate",
        abstract: "Serve prompt flows as real-time endpoints on your own machines.",
        subcommands: [])
    public init() {}
}
