import ArgumentParser
import Foundation
import NIOHTTP1

/// `flowgate deployment get-logs -e E -n N [--lines 100] [--instance ID] [--follow]`: the last lines its instances
/// (and its provisioning) logged, merged by time; with `--follow`, every new line as it is written, until Ctrl-C or
/// the server ends the stream (the deployment was deleted, the server stopped).
struct DeploymentGetLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-logs", abstract: "Print the last lines of a deployment's logs; --follow keeps printing.")

    @OptionGroup var server: ServerOptions

    @Option(name: [.customShort("n"), .long], help: "The deployment name.")
    var name: String

    @Option(name: [.customShort("e"), .long, .customLong("endpoint")], help: "The endpoint name.")
    var endpointName: String

    @Option(name: [.customShort("l"), .long], help: "How many lines.")
    var lines: Int = 100

    @Option(name: .long, help: "Only this instance's lines (e.g. blue-0), or `provisioning`.")
    var instance: String?

    @Flag(name: [.customShort("f"), .long], help: "Keep printing new lines as they are written.")
    var follow = false

    func validate() throws {
        if lines < 1 || lines > 10_000 { throw ValidationError("--lines must be from 1 to 10000.") }
    }

    func run() async throws {
        var path =
            "/endpoints/\(PathSegment.escape(endpointName))/deployments/\(PathSegment.escape(name))/logs?lines=\(lines)"
        if let instance { path += "&instance=\(PathSegment.escape(instance))" }
        let client = try server.client()
        guard follow else {
            let response = try await client.call(.GET, path)
            FileHandle.standardOutput.write(Data(response.body))
            if let last = response.body.last, last != UInt8(ascii: "\n") { print() }
            return
        }
        var headers = HTTPHeaders()
        if let key = client.target.apiKey { headers.add(name: "Authorization", value: "Bearer \(key)") }
        let response = try await client.send(
            .GET, url: client.target.url + "/api/v1" + path + "&follow=true", headers: headers, body: nil,
            timeout: .hours(24 * 365), onChunk: { chunk in FileHandle.standardOutput.write(Data(chunk)) })
        guard (200..<300).contains(response.status) else {
            throw ManagementAPIError(
                status: response.status, body: response.body, method: "GET", path: path, target: client.target)
        }
    }
}
