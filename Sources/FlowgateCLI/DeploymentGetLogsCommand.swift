import ArgumentParser
import Foundation

/// `flowgate deployment get-logs -e E -n N [--lines 100]`: the last lines its instances logged.
struct DeploymentGetLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-logs", abstract: "Print the last lines of a deployment's instance logs.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The deployment name.")
    var name: String

    @Option(name: [.customShort("e"), .long, .customLong("endpoint")], help: "The endpoint name.")
    var endpointName: String

    @Option(name: [.customShort("l"), .long], help: "How many lines.")
    var lines: Int = 100

    func validate() throws {
        if lines < 1 { throw ValidationError("--lines must be at least 1.") }
    }

    func run() async throws {
        let path =
            "/endpoints/\(PathSegment.escape(endpointName))/deployments/\(PathSegment.escape(name))/logs?lines=\(lines)"
        let response = try await server.client().call(.GET, path)
        FileHandle.standardOutput.write(Data(response.body))
        if let last = response.body.last, last != UInt8(ascii: "\n") { print() }
    }
}
