import ArgumentParser

/// `flowgate endpoint …`: online endpoints on a Flowgate server, with `az ml online-endpoint`'s flags and YAML.
struct EndpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint",
        abstract: "Manage online endpoints on a Flowgate server (the stable URL and keys clients score with).",
        discussion: """
            The server is --server URL, else $FLOWGATE_SERVER, else the url in server.json of the data directory, \
            else http://127.0.0.1:8080; the admin key is --api-key, else $FLOWGATE_API_KEY, else admin.key there.
            """,
        subcommands: [
            EndpointCreateCommand.self, EndpointShowCommand.self, EndpointListCommand.self,
            EndpointUpdateCommand.self, EndpointDeleteCommand.self, EndpointGetCredentialsCommand.self,
            EndpointRegenerateKeysCommand.self, EndpointInvokeCommand.self,
        ])
}
