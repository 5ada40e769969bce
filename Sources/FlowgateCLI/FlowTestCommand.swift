import ArgumentParser
import FlowEngine
import FlowSpec
import Foundation

/// `flowgate flow test DIR|FILE`: runs a flow (or one node) once and prints its outputs as JSON.
/// `--stream` prints streamed chunks as they arrive; `--verbose` adds a per-node table on standard error.
struct FlowTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a flow once and print its outputs as JSON.",
        discussion: """
            Inputs are given as name=value (strings, parsed to each input's declared type as promptflow does) or \
            as a JSON object in --inputs-file; --inputs wins over the file. Inputs not given take their defaults; \
            a flex flow given no inputs at all runs on its sample.inputs.
            With --stream, an output fed directly by an llm node or a generator tool is printed chunk by chunk as it \
            arrives, then the complete outputs follow as JSON on the last line.
            Connections come from the local store (--data-dir, $FLOWGATE_HOME, ~/.flowgate), PROMPTFLOW_CONNECTIONS \
            and the environment overrides.
            """)

    @Argument(help: "The flow folder, or its flow.dag.yaml.", completion: .file())
    var path: String

    @Option(name: .long, parsing: .upToNextOption, help: "Flow (or node) inputs as name=value.")
    var inputs: [String] = []

    @Option(name: .long, help: "A JSON file holding an object of inputs.", completion: .file())
    var inputsFile: String?

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "A flex flow's class init values as name=value (default: the flow's sample.init).")
    var `init`: [String] = []

    @Option(name: .long, help: "Run only this node; --inputs then name the node's inputs.")
    var node: String?

    @Option(name: .long, help: "A variant to use, as '${node_name.variant_id}'.")
    var variant: String?

    @Flag(name: .long, help: "Print a streamed output chunk by chunk as it arrives.")
    var stream = false

    @Flag(name: .long, help: "Also print each node's status, time and tokens (on standard error).")
    var verbose = false

    @Option(name: .long, help: "The data directory holding the connection store.", completion: .directory)
    var dataDir: String?

    func validate() throws {
        for item in inputs where !item.contains("=") {
            throw ValidationError("--inputs: '\(item)' is not name=value.")
        }
        for item in `init` where !item.contains("=") {
            throw ValidationError("--init: '\(item)' is not name=value.")
        }
    }

    func run() async throws {
        let flow: Flow
        do {
            flow = try FlowLoader.load(path: path)
        } catch {
            printError(ValidationReport(path: path, error: error).text)
            throw ExitCode(1)
        }
        let given = FlowTestInputs.filled(
            try FlowTestInputs.read(pairs: inputs, file: inputsFile), flow: flow, node: node)
        let pool = try await FlowRuntime.pythonPool(for: flow, dataDir: dataDir, size: 2)
        defer { pool?.shutdown() }
        do {
            let initValues = `init`.isEmpty ? nil : try FlowTestInputs.read(pairs: `init`, file: nil)
            let executor = try await FlowExecutor(
                flow: flow, connections: FlowRuntime.connections(for: flow, dataDir: dataDir), pythonRunner: pool,
                initValues: initValues)
            if let node {
                let record = try await executor.runNode(node, inputs: given, variant: variant)
                print((record.output ?? .null).json())
                if verbose { printError(FlowTestReport.table([record])) }
                return
            }
            let result = try await executor.run(inputs: given, variant: variant, stream: stream)
            var outputs = result.outputs
            if let streamed = result.stream {
                var text = ""
                for try await chunk in streamed.chunks {
                    text += chunk
                    if stream {
                        FileHandle.standardOutput.write(Data(chunk.utf8))
                    }
                }
                if stream { print("") }
                outputs = FlowTestReport.ordered(outputs, adding: streamed.name, value: .string(text), flow: flow)
            }
            print((result.bareOutput ?? FlowValue.object(outputs)).json())
            if verbose { printError(FlowTestReport.table(result.record.nodes)) }
        } catch let error as FlowRunError {
            if verbose, let record = error.record { printError(FlowTestReport.table(record.nodes)) }
            printError("Error: \(error.kind.rawValue): \(error.message)")
            throw ExitCode(1)
        }
    }
}
