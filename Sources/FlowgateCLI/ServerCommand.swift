import ArgumentParser
import FlowgateServer
import Foundation
import Logging
import Platform
import Telemetry

/// `flowgate server`: the platform on one port (management API, gateway, health, metrics) with its state in the
/// data directory; `--demo` also deploys the bundled example flows and prints how to call each.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the Flowgate platform: management API, scoring gateway and metrics on one port.",
        discussion: """
            State (endpoints, deployments, keys, connections, flow snapshots) lives in the data directory \
            (--data-dir, $FLOWGATE_HOME, ~/.flowgate), in SQLite. The first start creates the master key and an \
            admin API key (printed once, saved 0600 as admin.key, where the CLI finds it). Deployments that were \
            running come back after a restart; unfinished operations are resumed. SIGINT or SIGTERM stop accepting \
            requests and let in-flight ones finish.
            """)

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on.")
    var port = 8080

    @Option(name: .long, help: "The data directory (default $FLOWGATE_HOME, else ~/.flowgate).", completion: .directory)
    var dataDir: String?

    @Option(name: .long, help: "The base URL callers reach this server at (default http://HOST:PORT).")
    var publicURL: String?

    @Flag(name: .long, help: "Deploy every example flow (one endpoint each) and print its URL, key and a curl line.")
    var demo = false

    @Option(name: .long, help: "The folder of flows --demo deploys.", completion: .directory)
    var demoFlows = "examples/flows"

    @Option(
        name: .long,
        help: "An OpenAI-compatible server for the demo's LLM flows (default $OPENAI_BASE_URL; without one they are skipped).")
    var llmBaseURL: String?

    @Option(name: .long, help: "Seconds in-flight requests get to finish at shutdown.")
    var shutdownGrace = 30

    @Option(name: .long, help: "Log level on standard error: trace, debug, info, warning, error.")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
        if let publicURL, URL(string: publicURL)?.scheme == nil {
            throw ValidationError("--public-url must be a URL such as https://flows.example.com.")
        }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must be 0 or more seconds.") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = DataDirectory.resolve(explicit: dataDir, environment: environment)
        let server: PlatformServer
        do {
            server = try PlatformServer(
                configuration: PlatformServerConfiguration(
                    host: host, port: port, directory: directory, publicURL: publicURL.flatMap(URL.init(string:)),
                    environment: environment, shutdownGracePeriod: .seconds(shutdownGrace),
                    logLevel: Logger.Level(rawValue: logLevel) ?? .info))
        } catch {
            throw CLIError("The server cannot start: \(error)")
        }
        let banner = ServerBanner(server: server, directory: directory)
        let demo = self.demo ? DemoDeployment(
            server: server, flowsFolder: URL(fileURLWithPath: demoFlows),
            llmBaseURL: llmBaseURL ?? environment["OPENAI_BASE_URL"], llmAPIKey: environment["OPENAI_API_KEY"]) : nil
        do {
            try await server.run { _ in
                banner.print()
                if let demo {
                    Task { await demo.run() }
                }
            }
        } catch {
            if "\(error)".contains("Address already in use") {
                throw CLIError("Port \(port) on \(host) is already in use; stop the other server or choose --port.")
            }
            throw CLIError("The server stopped: \(error)")
        }
        LogLineWriter.standardError.flush()
        printError("Server stopped.")
    }
}
