import ArgumentParser

/// `flowgate deployment …`: flows deployed behind an endpoint, with `az ml online-deployment`'s flags and YAML.
struct DeploymentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployment",
        abstract: "Manage deployments: flows running behind an endpoint on a Flowgate server.",
        discussion: """
            A --flow (or the YAML's model) folder is uploaded as a snapshot, so the server needs no access to \
            this machine. The server and admin key are found as for `flowgate endpoint`.
            """,
        subcommands: [
            DeploymentCreateCommand.self, DeploymentShowCommand.self, DeploymentListCommand.self,
            DeploymentUpdateCommand.self, DeploymentDeleteCommand.self, DeploymentGetLogsCommand.self,
        ])
}
