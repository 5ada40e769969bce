import ArgumentParser
import Telemetry

/// The `flowgate` command: flows, templates, connections and runs on this machine; endpoints, deployments and
/// operations on a Flowgate server.
public struct FlowgateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flowgate",
        abstract: "Serve prompt flows as real-time endpoints on your own machines.",
        subcommands: [
            FlowCommand.self, TemplateCommand.self, ConnectionCommand.self, RunCommand.self, EndpointCommand.self,
            DeploymentCommand.self, OperationCommand.self, ServerCommand.self,
            PrincipalCommand.self, RoleCommand.self, RoleAssignmentCommand.self, IdentityCommand.self,
            AuditCommand.self,
        ])
    public init() {}
}

extension FlowgateCommand {
    /// Parses the process arguments and runs the chosen subcommand (async commands included).
    public static func start() async {
        // Every logger of the process writes lines in batches off the request path (LineLogHandler).
        LineLogHandler.bootstrap()
        let command: any AsyncParsableCommand.Type = FlowgateCommand.self
        await command.main()
    }
}
