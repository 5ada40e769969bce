import ArgumentParser
import FlowEngine
import FlowSpec
import Foundation

/// `flowgate run create --flow DIR --data file.jsonl`: runs the flow over every data line (promptflow's
/// `pf run create`), writes the run folder and prints the run record as JSON.
struct RunCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Run a flow over every line of a JSONL data file.",
        discussion: """
            Each data line becomes one flow run. Inputs come from --column-mapping (name='${data.column}' or a \
            literal); an input without a default that is not mapped reads the same-named column, and, as in \
            promptflow, an input WITH a default keeps its default unless it is mapped. A failing line is recorded \
            in errors.jsonl and does not stop the run; aggregation nodes run once at the end over the completed \
            lines, and their log_metric values go to metrics.json. The run folder is <data dir>/runs/<name>/.
            """)

    @Option(name: .long, help: "The flow folder (or its flow.dag.yaml).", completion: .file())
    var flow: String

    @Option(name: .long, help: "The JSONL data file, one JSON object per line.", completion: .file())
    var data: String

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Flow inputs from data columns or literals, as name='${data.column}'.")
    var columnMapping: [String] = []

    @Option(name: .long, help: "A variant to use, as '${node_name.variant_id}'.")
    var variant: String?

    @Option(name: .long, help: "Lines run at once (promptflow's default worker count: 4).")
    var concurrency: Int = 4

    @Option(name: .long, help: "The run's name (default: <flow>_<timestamp>).")
    var name: String?

    @Flag(name: .long, help: "With a server: return once the run has started (see it with `run show`).")
    var noWait = false

    @OptionGroup var folderOptions: RunFolderOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1.") }
        for pair in columnMapping where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("--column-mapping: '\(pair)' is not name=value.")
        }
        if let name, !BulkRunFolder.isValidName(name) {
            throw ValidationError("--name: '\(name)' is not valid: use letters, digits, '_', '-' and '.'.")
        }
    }

    func run() async throws {
        let loaded: Flow
        do {
            loaded = try FlowLoader.load(path: flow)
        } catch {
            printError(ValidationReport(path: flow, error: error).text)
            throw ExitCode(1)
        }
        if let client = try folderOptions.serverClient() {
            try await runOnServer(client, flow: loaded)
            return
        }
        if noWait { throw CLIError("--no-wait needs a server (--server URL or $FLOWGATE_SERVER); a local run waits.") }
        let dataURL = URL(fileURLWithPath: data)
        let mapping: BulkRunColumnMapping
        let lines: BulkRunData
        do {
            mapping = try BulkRunColumnMapping(pairs: columnMapping)
            lines = try BulkRunData(contentsOf: dataURL)
        } catch {
            throw CLIError(error.message)
        }
        let runName = name ?? BulkRunFolder.defaultName(flow: loaded.name)
        let pool = try await FlowRuntime.pythonPool(
            for: loaded, dataDir: folderOptions.dataDir, size: min(concurrency, 16))  // one worker per concurrent line
        defer { pool?.shutdown() }
        let executor: FlowExecutor
        do {
            executor = try await FlowExecutor(
                flow: loaded, connections: FlowRuntime.connections(for: loaded, dataDir: folderOptions.dataDir),
                pythonRunner: pool)
        } catch let error as FlowRunError {
            throw CLIError(error.message)
        }
        let folder: BulkRunFolder
        do {
            folder = try BulkRunFolder.create(
                in: folderOptions.runsDirectory, name: runName, flowDirectory: loaded.directory)
        } catch {
            throw CLIError(error.message)
        }
        let runner = BulkRunner(executor: executor, name: runName, concurrency: concurrency, variant: variant)
        let bar = RunProgressBar()
        let task = Task { await runner.run(data: lines, mapping: mapping, progress: { bar.update($0) }) }
        let interrupt = Self.cancelOnInterrupt(task)
        let result = await task.value
        interrupt.cancel()
        let record = BulkRunFolder.record(
            of: result, name: runName, flow: loaded.directory, data: dataURL, variant: variant, mapping: mapping,
            concurrency: concurrency)
        do {
            try folder.write(result, record: record)
        } catch {
            throw CLIError(error.message)
        }
        print(try RunShowCommand.json(record: record, metrics: result.metrics))
        printError(
            "Run '\(runName)' \(result.status.rawValue.lowercased()): \(result.completedLines) of \(result.lines.count) "
                + "lines completed, \(result.failedLines) failed. Files in \(folder.url.path)")
        for line in result.lines.prefix(5) {
            if let error = line.error { printError("  line \(line.lineNumber): \(error.message)") }
        }
        if let error = result.error { printError("Error: \(error.kind.rawValue): \(error.message)") }
        if result.status != .completed { throw ExitCode(1) }
    }

    /// The run on the server: the flow uploaded as a snapshot, the data's lines sent inline, followed to its end.
    func runOnServer(_ client: ManagementClient, flow loaded: Flow) async throws {
        let run = try await RunOnServer.create(
            client: client, flowFolder: loaded.directory, dataFile: URL(fileURLWithPath: data), name: name,
            mapping: columnMapping, variant: variant, concurrency: concurrency, wait: !noWait)
        print(PrettyJSON.text(run))
        let object = run.objectValue ?? [:]
        let status = object["status"]?.stringValue ?? "unknown"
        printError("Run '\(object["name"]?.stringValue ?? "?")' on \(client.target.url): \(status.lowercased()).")
        if let error = object["error"]?.stringValue { printError("Error: \(error)") }
        if status != "Completed", !(noWait && status == "Running") { throw ExitCode(1) }
    }

    /// Ctrl-C cancels the run (in-flight lines are cancelled, the record says Canceled) instead of killing it.
    static func cancelOnInterrupt(_ task: Task<BulkRunResult, Never>) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        return source
    }
}
