import FlowEngine
import FlowSpec
import Foundation
import Logging
import Synchronization

/// Bulk runs started on the server: each runs in the background over an immutable snapshot of its flow and is
/// written by `BulkRunFolder` into `<data dir>/runs/<name>/`, where the local `flowgate run` commands see it too.
///
/// A run's status is readable while it runs (`Running`, with the lines done so far). `server-run.json` beside
/// `run.json` records the snapshot id; a run still `Running` when the server starts again is marked `Failed`.
public final class ServerRuns: Sendable {
    /// The message of a run that was interrupted by the server stopping.
    public static let interruptedMessage = "the server stopped during the run"
    /// The server's own file in a run folder.
    static let serverFileName = "server-run.json"
    /// Concurrency a request may ask for.
    public static let concurrencyRange = 1...64

    /// `<data dir>/runs`.
    public let directory: URL
    let snapshots: FlowSnapshots
    let store: any Store
    let connections: LocalConnectionStore
    let environment: [String: String]
    let environmentsDirectory: URL
    let logger: Logger
    /// One-line tests of uploaded snapshots (`POST /snapshots/{id}/test`), with their kept Python workers.
    public let tests: SnapshotTester
    /// Runs in progress: their current record and snapshot; the task that runs each.
    let active = Mutex<[String: ActiveRun]>([:])

    struct ActiveRun: Sendable {
        var run: ServerRun
        var task: Task<Void, Never>?
    }

    /// Opens the runs of `directory`; runs left `Running` by a server that stopped are marked `Failed` now.
    public init(
        directory: DataDirectory, snapshots: FlowSnapshots, store: any Store, connections: LocalConnectionStore,
        environment: [String: String], logger: Logger
    ) {
        self.directory = directory.file("runs")
        self.snapshots = snapshots
        self.store = store
        self.connections = connections
        self.environment = environment
        self.environmentsDirectory = directory.file("envs")
        self.logger = logger
        tests = SnapshotTester(
            snapshots: snapshots, connections: connections, environment: environment,
            environmentsDirectory: directory.file("envs"), logger: logger)
        markInterrupted()
    }

    /// Starts a run and returns it `Running`; the lines run in the background.
    public func start(_ request: ServerRunRequest) async throws(ServerRunError) -> ServerRun {
        guard Self.concurrencyRange.contains(request.concurrency) else {
            throw .badArgument(
                field: "concurrency",
                message: "\(request.concurrency) is out of range; use \(Self.concurrencyRange.lowerBound) "
                    + "to \(Self.concurrencyRange.upperBound)")
        }
        if let name = request.name, !BulkRunFolder.isValidName(name) {
            throw .badArgument(
                field: "name", message: "'\(name.prefix(80))' is not valid: use letters, digits, '_', '-' and '.'")
        }
        let (snapshotID, flow) = try await register(request.flow)
        if let variant = request.variant {
            do {
                _ = try flow.variantSelection(variant)
            } catch {
                throw .badArgument(field: "variant", message: error.diagnostics.map(\.message).joined(separator: "; "))
            }
        }
        let (data, dataPath) = try Self.read(request.data)
        let name = request.name ?? BulkRunFolder.defaultName(flow: flow.name)
        let reserved = active.withLock { runs -> Bool in
            guard runs[name] == nil else { return false }
            runs[name] = ActiveRun(run: ServerRun(record: Self.placeholder(name), snapshotID: snapshotID), task: nil)
            return true
        }
        guard reserved else { throw .alreadyExists(name) }
        do {
            let folder = try create(name: name, flow: flow, snapshotID: snapshotID, data: data, dataPath: dataPath)
            let record = BulkRunRecord(
                name: name, status: .running, flow: Self.flowDescription(request.flow), variant: request.variant,
                data: dataPath ?? folder.url.appendingPathComponent("data.jsonl").path,
                columnMapping: Dictionary(
                    request.columnMapping.entries.map { ($0.input, $0.value) }, uniquingKeysWith: { $1 }),
                concurrency: request.concurrency, startTime: Date(), endTime: Date(),
                lines: .init(total: data.lines.count, completed: 0, failed: 0),
                tokens: .init(prompt: 0, completion: 0, total: 0))
            try? BulkRunRecord.encoder().encode(record).write(to: folder.url.appendingPathComponent("run.json"))
            let run = ServerRun(record: record, snapshotID: snapshotID)
            active.withLock { $0[name]?.run = run }
            let task = Task {
                await self.execute(run, flow: flow, data: data, mapping: request.columnMapping, folder: folder)
            }
            active.withLock { $0[name]?.task = task }
            logger.info("run started", metadata: ["run": .string(name), "snapshot": .string(snapshotID)])
            return run
        } catch {
            active.withLock { $0[name] = nil }
            throw error
        }
    }

    /// The run `name`: from memory while it runs, else from its folder.
    public func run(named name: String) throws(ServerRunError) -> ServerRun {
        if let run = active.withLock({ $0[name]?.run }), run.record.status == .running { return run }
        guard BulkRunFolder.isValidName(name) else { throw .notFound(name) }
        let folder = BulkRunFolder(url: directory.appendingPathComponent(name))
        guard let record = try? folder.record() else { throw .notFound(name) }
        return ServerRun(
            record: record, snapshotID: Self.snapshotID(in: folder), metrics: (try? folder.metrics()) ?? [:])
    }

    /// Every run in the runs folder (local ones too), newest first.
    public func list() -> [ServerRun] {
        let running = active.withLock { $0.values.map(\.run).filter { $0.record.status == .running } }
        let names = Set(running.map(\.name))
        let stored = BulkRunFolder.list(in: directory).filter { !names.contains($0.name) }.map { record in
            let folder = BulkRunFolder(url: directory.appendingPathComponent(record.name))
            return ServerRun(
                record: record, snapshotID: Self.snapshotID(in: folder), metrics: (try? folder.metrics()) ?? [:])
        }
        return (running + stored).sorted { $0.record.startTime > $1.record.startTime }
    }

    /// The first `limit` completed lines of run `name` (`outputs.jsonl`), each with its `line_number`.
    public func outputs(named name: String, limit: Int) throws(ServerRunError) -> [FlowObject] {
        _ = try run(named: name)
        let url = directory.appendingPathComponent(name).appendingPathComponent("outputs.jsonl")
        guard let data = try? Data(contentsOf: url) else { return [] }
        var lines: [FlowObject] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where lines.count < limit {
            if let object = try? FlowValue(jsonBytes: Array(line)).objectValue { lines.append(object) }
        }
        return lines
    }

    /// Waits until every run started so far has ended (tests; shutdown after `cancelAll`).
    public func waitForAll() async {
        for task in active.withLock({ $0.values.compactMap(\.task) }) { await task.value }
    }

    /// Cancels the runs in progress (each is written `Canceled`) and waits for them; stops the snapshot tests'
    /// Python workers.
    public func shutdown() async {
        tests.shutdown()
        for task in active.withLock({ $0.values.compactMap(\.task) }) { task.cancel() }
        await waitForAll()
    }

    /// The snapshot id `server-run.json` records, nil for a local run.
    static func snapshotID(in folder: BulkRunFolder) -> String? {
        guard let data = try? Data(contentsOf: folder.url.appendingPathComponent(serverFileName)),
            let object = try? FlowValue(jsonBytes: [UInt8](data)).objectValue
        else { return nil }
        return object["snapshot_id"]?.stringValue
    }

    static func flowDescription(_ source: ServerRunRequest.FlowSource) -> String {
        switch source {
        case .path(let path): URL(fileURLWithPath: path).standardizedFileURL.path
        case .snapshot(let id): "snapshot:\(id)"
        }
    }

    static func placeholder(_ name: String) -> BulkRunRecord {
        BulkRunRecord(
            name: name, status: .running, flow: "", variant: nil, data: "", columnMapping: [:], concurrency: 1,
            startTime: Date(), endTime: Date(), lines: .init(total: 0, completed: 0, failed: 0),
            tokens: .init(prompt: 0, completion: 0, total: 0))
    }
}
