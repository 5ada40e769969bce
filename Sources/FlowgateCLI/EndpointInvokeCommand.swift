import ArgumentParser
import FlowSpec
import Foundation
import NIOCore
import NIOHTTP1

/// `flowgate endpoint invoke --name N --request-file req.json [--deployment-name D]`: scores the endpoint as a
/// client would (its scoring URI and key come from the API) and prints the answer's body.
struct EndpointInvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Send a request file to the endpoint's scoring URI with its key and print the answer.",
        discussion: "An answer that is not 2xx goes to standard error with its status (and the flow's own status "
            + "from ms-azureml-model-error-* when the flow failed), and the command exits 1.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The endpoint name.")
    var name: String

    @Option(
        name: [.customShort("r"), .customLong("request-file"), .customLong("request")],
        help: "The JSON request body to send.", completion: .file())
    var requestFile: String

    @Option(name: [.customShort("d"), .long], help: "Send to this deployment (azureml-model-deployment header).")
    var deploymentName: String?

    @Flag(name: .long, help: "Ask for a streamed answer (Accept: text/event-stream) and print it as it arrives.")
    var stream = false

    func run() async throws {
        guard let body = FileManager.default.contents(atPath: requestFile) else {
            throw CLIError("cannot read the request file \(requestFile).")
        }
        let client = try server.client()
        let path = "/endpoints/\(PathSegment.escape(name))"
        let endpoint = try await client.json(.GET, path).objectValue ?? [:]
        guard let uri = endpoint["scoring_uri"]?.stringValue else {
            throw CLIError("the server gave endpoint '\(name)' no scoring_uri.")
        }
        let credentials = try await client.json(.POST, path + "/get-credentials").objectValue ?? [:]
        guard let key = credentials["primaryKey"]?.stringValue ?? credentials["accessToken"]?.stringValue else {
            throw CLIError("the server gave endpoint '\(name)' no key or token.")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Authorization", value: "Bearer \(key)")
        if let deploymentName { headers.add(name: "azureml-model-deployment", value: deploymentName) }
        if stream { headers.add(name: "Accept", value: "text/event-stream") }
        var last: UInt8?
        let response = try await client.send(
            .POST, url: uri, headers: headers, body: [UInt8](body), timeout: .seconds(310)
        ) { chunk in
            // Written as it arrives, so a streamed answer shows while the flow still runs.
            FileHandle.standardOutput.write(Data(chunk))
            if let byte = chunk.last { last = byte }
        }
        guard (200..<300).contains(response.status) else {
            printError(Self.failureText(response))
            throw ExitCode.failure
        }
        if last != UInt8(ascii: "\n") { print() }
    }

    /// `Error: the endpoint answered 424 (the flow answered 400 Bad Request)` and the body, for standard error.
    static func failureText(_ response: ManagementClient.Response) -> String {
        var line = "Error: the endpoint answered \(response.status)"
        if let deployment = response.headers.first(name: "azureml-model-deployment") {
            line += " from deployment \(deployment)"
        }
        if let status = response.headers.first(name: "ms-azureml-model-error-statuscode") {
            let reason = response.headers.first(name: "ms-azureml-model-error-reason").map { " \($0)" } ?? ""
            line += " (the flow answered \(status)\(reason))"
        }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? line : line + "\n" + text
    }
}
