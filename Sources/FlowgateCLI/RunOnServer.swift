import FlowEngine
import FlowSpec
import Foundation

/// `flowgate run create|show|list` against a Flowgate server: the flow folder is uploaded as a snapshot, the local
/// data file's lines are sent inline, and the run is followed until it ends.
enum RunOnServer {
    /// Uploads the flow, starts the run and (unless `wait` is false) polls it until it is no longer `Running`,
    /// reporting progress on standard error. Returns the run's JSON.
    static func create(
        client: ManagementClient, flowFolder: URL, dataFile: URL, name: String?, mapping: [String],
        variant: String?, concurrency: Int, wait: Bool = true
    ) async throws -> FlowValue {
        let rows = try rows(of: dataFile)
        let snapshotID = try await client.uploadFlow(folder: flowFolder.path)
        var columnMapping = FlowObject()
        for pair in mapping {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw CLIError("--column-mapping: '\(pair)' is not name=value.")
            }
            columnMapping[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
        }
        var body: FlowObject = [
            "snapshot_id": .string(snapshotID), "rows": .list(rows.map { .object($0) }),
            "column_mapping": .object(columnMapping), "concurrency": .int(concurrency),
        ]
        if let name { body["name"] = .string(name) }
        if let variant { body["variant"] = .string(variant) }
        var run = try await client.json(.POST, "/runs", body: .object(body))
        guard wait, let runName = run.objectValue?["name"]?.stringValue else { return run }
        printError(
            "Run '\(runName)' started on \(client.target.url) (snapshot \(snapshotID.prefix(12))…, \(rows.count) lines); "
                + "interrupting this command stops following it, not the run.")
        let bar = RunProgressBar()
        while run.objectValue?["status"]?.stringValue == "Running" {
            try await Task.sleep(for: .milliseconds(300))
            run = try await client.json(.GET, "/runs/\(PathSegment.escape(runName))")
            if let lines = run.objectValue?["lines"]?.objectValue, let total = int(lines["total"]),
                let completed = int(lines["completed"]), let failed = int(lines["failed"]),
                completed + failed > 0
            {
                bar.update(BulkRunProgress(completed: completed, failed: failed, total: total))
            }
        }
        return run
    }

    /// The data file's lines as JSON objects (blank lines skipped); a line that is not an object is refused here,
    /// naming it, since only objects can be sent.
    static func rows(of file: URL) throws -> [FlowObject] {
        let data: BulkRunData
        do {
            data = try BulkRunData(contentsOf: file)
        } catch {
            throw CLIError(error.message)
        }
        return try data.lines.map { line in
            switch line.columns {
            case .success(let object): return object
            case .failure(let error): throw CLIError("\(error.message) Fix it to run on the server.")
            }
        }
    }

    private static func int(_ value: FlowValue?) -> Int? {
        if case .int(let number)? = value { return number }
        return nil
    }

    private static func double(_ value: FlowValue?) -> Double? {
        switch value {
        case .double(let number)?: number
        case .int(let number)?: Double(number)
        default: nil
        }
    }

    /// The runs as `flowgate run list` prints them.
    static func table(_ runs: [FlowValue]) -> String {
        let rows = runs.map { run -> [String] in
            let object = run.objectValue ?? [:]
            let lines = object["lines"]?.objectValue ?? [:]
            let duration = double(object["duration"]).map { String(format: "%.2f s", $0) } ?? "-"
            return [
                ResourceTable.text(object["name"]), ResourceTable.text(object["status"]),
                "\(int(lines["completed"]) ?? 0)/\(int(lines["total"]) ?? 0)",
                "\(int(lines["failed"]) ?? 0)", duration, ResourceTable.text(object["start_time"]),
                ResourceTable.text(object["variant"]),
            ]
        }
        return ResourceTable.columns(["NAME", "STATUS", "LINES", "FAILED", "DURATION", "STARTED", "VARIANT"], rows)
    }
}
