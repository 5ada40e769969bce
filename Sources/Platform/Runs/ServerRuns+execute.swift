import FlowEngine
import FlowSpec
import Foundation
import Logging
import PythonHost

extension ServerRuns {
    /// The snapshot of the request's flow (a path is registered first) and the flow it holds.
    func register(_ source: ServerRunRequest.FlowSource) async throws(ServerRunError) -> (String, Flow) {
        let id: String
        switch source {
        case .path(let path):
            guard path.hasPrefix("/") else {
                throw .badArgument(
                    field: "flow", message: "'\(path.prefix(200))' is relative; give the flow folder's absolute path")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .badArgument(field: "flow", message: "'\(path.prefix(200))' is not a folder on the server")
            }
            do {
                let snapshot = try snapshots.register(folder: URL(fileURLWithPath: path))
                _ = try await store.recordSnapshot(snapshot)
                id = snapshot.id
            } catch let error as SnapshotError {
                throw .badArgument(field: "flow", message: "\(path): \(error.message)")
            } catch {
                throw .internalError("cannot record the snapshot of \(path): \(error)")
            }
        case .snapshot(let given):
            guard FlowSnapshot.isValidID(given), snapshots.contains(given) else {
                throw .badArgument(field: "snapshot_id", message: "no snapshot '\(given.prefix(80))' on this server")
            }
            id = given
        }
        guard let folder = snapshots.folder(of: id) else { throw .internalError("snapshot \(id) has no folder") }
        do {
            return (id, try FlowLoader.load(path: folder.path))
        } catch {
            throw .badArgument(field: "flow", message: "the flow does not validate: \(error.description)")
        }
    }

    /// The run's lines and, for a file, its path.
    static func read(_ source: ServerRunRequest.DataSource) throws(ServerRunError) -> (BulkRunData, String?) {
        switch source {
        case .path(let path):
            guard path.hasPrefix("/") else {
                throw .badArgument(
                    field: "data", message: "'\(path.prefix(200))' is relative; give the file's absolute path")
            }
            do {
                return (try BulkRunData(contentsOf: URL(fileURLWithPath: path)), path)
            } catch {
                throw .badArgument(field: "data", message: error.message)
            }
        case .rows(let rows):
            guard !rows.isEmpty else { throw .badArgument(field: "data", message: "give at least one row") }
            return (
                BulkRunData(
                    lines: rows.enumerated().map { BulkRunData.Line(number: $0.offset, columns: .success($0.element)) }),
                nil
            )
        }
    }

    /// The run folder with its snapshot copy, `server-run.json` and, for inline rows, `data.jsonl`.
    func create(
        name: String, flow: Flow, snapshotID: String, data: BulkRunData, dataPath: String?
    ) throws(ServerRunError) -> BulkRunFolder {
        let folder: BulkRunFolder
        do {
            folder = try BulkRunFolder.create(in: directory, name: name, flowDirectory: flow.directory)
        } catch {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
                throw .alreadyExists(name)
            }
            throw .internalError(error.message)
        }
        do {
            // The copy of a read-only snapshot is read-only; the owner may remove the run folder later.
            try Self.makeWritable(folder.url.appendingPathComponent("snapshot"))
            let server: FlowValue = ["snapshot_id": .string(snapshotID)]
            try Data((server.json() + "\n").utf8).write(to: folder.url.appendingPathComponent(Self.serverFileName))
            if dataPath == nil {
                var bytes: [UInt8] = []
                for line in data.lines {
                    if case .success(let object) = line.columns {
                        FlowValue.object(object).writeJSON(.compact, into: &bytes)
                        bytes.append(UInt8(ascii: "\n"))
                    }
                }
                try Data(bytes).write(to: folder.url.appendingPathComponent("data.jsonl"))
            }
        } catch {
            throw .internalError("cannot write the run folder \(folder.url.path): \(error.localizedDescription)")
        }
        return folder
    }

    static func makeWritable(_ url: URL) throws {
        let files = FileManager.default
        guard let walker = files.enumerator(atPath: url.path) else { return }
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        while let relative = walker.nextObject() as? String {
            let path = url.appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            try files.setAttributes([.posixPermissions: isDirectory.boolValue ? 0o755 : 0o644], ofItemAtPath: path)
        }
    }

    /// Runs the lines over the snapshot's flow, keeps the progress readable and writes the folder at the end.
    func execute(
        _ run: ServerRun, flow: Flow, data: BulkRunData, mapping: BulkRunColumnMapping, folder: BulkRunFolder
    ) async {
        let name = run.name
        let started = run.record
        var pool: PythonWorkerPool?
        let result: BulkRunResult
        do {
            pool = try await workerPool(for: flow, size: min(started.concurrency, 16), run: name)
            let executor = try await FlowExecutor(
                flow: flow, connections: ConnectionResolver(providers: [connections], environment: environment),
                pythonRunner: pool)
            let runner = BulkRunner(
                executor: executor, name: name, concurrency: started.concurrency, variant: started.variant)
            result = await runner.run(
                data: data, mapping: mapping,
                progress: { progress in
                    self.active.withLock { runs in
                        runs[name]?.run.record.lines = .init(
                            total: progress.total, completed: progress.completed, failed: progress.failed)
                    }
                })
        } catch {
            let failure = (error as? FlowRunError) ?? .system("the run could not start: \(error)")
            result = BulkRunResult(
                status: .failed, lines: [], error: failure, startTime: started.startTime, endTime: Date())
        }
        pool?.shutdown()
        var record = BulkRunFolder.record(
            of: result, name: name, flow: folder.url, data: URL(fileURLWithPath: started.data),
            variant: started.variant, mapping: mapping, concurrency: started.concurrency)
        record.flow = started.flow
        record.startTime = started.startTime
        record.duration = record.endTime.timeIntervalSince(record.startTime)
        if result.lines.isEmpty { record.lines.total = data.lines.count }
        do {
            try folder.write(result, record: record)
        } catch {
            logger.error("run not written", metadata: ["run": .string(name), "error": .string(error.message)])
        }
        active.withLock { $0[name] = nil }
        logger.info(
            "run ended",
            metadata: [
                "run": .string(name), "status": .string(record.status.rawValue),
                "lines": .string("\(record.lines.completed)/\(record.lines.total)"),
            ])
    }

    /// Workers in the flow's environment (its requirements' venv, built once), or nil when it runs no Python.
    private func workerPool(for flow: Flow, size: Int, run: String) async throws -> PythonWorkerPool? {
        try await Self.workerPool(
            for: flow, size: size, label: ["run": .string(run)], environment: environment,
            environmentsDirectory: environmentsDirectory, logger: logger)
    }

    /// Workers in `flow`'s environment, built once under `environmentsDirectory`, with the server's `environment`
    /// then the flow's `environment_variables`; nil when the flow runs no Python. Worker lines are logged with
    /// `label` (a bulk run's name, a tested snapshot).
    static func workerPool(
        for flow: Flow, size: Int, label: Logger.Metadata, environment: [String: String],
        environmentsDirectory: URL, logger: Logger
    ) async throws -> PythonWorkerPool? {
        let usesPackages = flow.allNodeDefinitions.contains { node in
            switch node.source {
            case .package?, .packageWithPrompt?: true
            default: false
            }
        }
        guard !flow.pythonTools.isEmpty || flow.kind == .flex || usesPackages else { return nil }
        let base = try PythonInterpreter.resolve(environment: environment)
        var python = base
        let relative = flow.environment.pythonRequirementsTxt ?? "requirements.txt"
        let file = flow.directory.appendingPathComponent(relative)
        if let text = try? String(contentsOf: file, encoding: .utf8), PythonEnvironmentBuilder.hasRequirements(text) {
            let builder = try PythonEnvironmentBuilder(dataDirectory: environmentsDirectory, basePython: base)
            python = try await builder.environment(
                requirementsFile: file,
                progress: { line in logger.info("[environment] \(line)", metadata: label) }
            ).python
        }
        let configuration = PythonWorkerConfiguration(
            python: python, flowDirectory: flow.directory, additionalIncludes: flow.additionalIncludes,
            // The server's configured environment, then the flow's `environment_variables` where it sets none.
            environment: environment.merging(
                InstanceBlueprint.workerEnvironment(flow: flow, deployment: [:], server: environment)
            ) { $1 },
            logSink: { line in logger.info("\(line)", metadata: label) })
        return PythonWorkerPool(configuration: configuration, size: size)
    }

    /// Marks every server run whose record still says `Running` as `Failed`: the server that ran it stopped.
    func markInterrupted() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names {
            let folder = BulkRunFolder(url: directory.appendingPathComponent(name))
            guard Self.snapshotID(in: folder) != nil, var record = try? folder.record(), record.status == .running
            else { continue }
            record.status = .failed
            record.error = Self.interruptedMessage
            record.endTime = Date()
            record.duration = record.endTime.timeIntervalSince(record.startTime)
            do {
                try BulkRunRecord.encoder().encode(record).write(to: folder.url.appendingPathComponent("run.json"))
                logger.warning("run marked failed: \(Self.interruptedMessage)", metadata: ["run": .string(name)])
            } catch {
                logger.error("cannot mark run failed", metadata: ["run": .string(name), "error": "\(error)"])
            }
        }
    }
}
