import FlowSpec
import Foundation

/// A bulk run's folder under `<data dir>/runs/<name>/`: `run.json`, `outputs.jsonl` (completed lines, with
/// `line_number`, in line order), `errors.jsonl` (failed lines), `metrics.json` and `snapshot/` (the flow as it ran).
public struct BulkRunFolder: Sendable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// Run names: letters, digits, `_`, `-` and `.`, not starting with `.`, up to 128 characters.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 128 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)) }
    }

    /// promptflow's default run name shape: `<flow>_<yyyyMMdd_HHmmss_ffffff>` (UTC).
    public static func defaultName(flow: String, at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        let micro = Int((date.timeIntervalSince1970 * 1_000_000).truncatingRemainder(dividingBy: 1_000_000))
        let safe = String(flow.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return "\(safe)_\(formatter.string(from: date))_\(String(format: "%06d", micro))"
    }

    /// Creates `<runs>/<name>/` and copies `flowDirectory` into its `snapshot/`. Throws a user error when a run of
    /// that name exists or the name is not valid.
    public static func create(in runs: URL, name: String, flowDirectory: URL) throws(FlowRunError) -> BulkRunFolder {
        guard isValidName(name) else {
            throw .user("Run name '\(name)' is not valid: use letters, digits, '_', '-' and '.'.")
        }
        let url = runs.appendingPathComponent(name, isDirectory: true)
        let files = FileManager.default
        guard !files.fileExists(atPath: url.path) else {
            throw .user("A run named '\(name)' already exists; choose another --name.")
        }
        do {
            try files.createDirectory(at: runs, withIntermediateDirectories: true)
            try files.createDirectory(at: url, withIntermediateDirectories: false)
            try files.copyItem(at: flowDirectory, to: url.appendingPathComponent("snapshot", isDirectory: true))
            for leftover in ["__pycache__", ".promptflow"] {
                try? files.removeItem(at: url.appendingPathComponent("snapshot/\(leftover)"))
            }
        } catch {
            throw .system("Could not create the run folder \(url.path): \(error.localizedDescription)")
        }
        return BulkRunFolder(url: url)
    }

    /// Writes `outputs.jsonl`, `errors.jsonl`, `metrics.json` and `run.json`.
    public func write(_ result: BulkRunResult, record: BulkRunRecord) throws(FlowRunError) {
        var outputs: [UInt8] = []
        var errors: [UInt8] = []
        for line in result.lines {
            if let lineOutputs = line.outputs {
                var object: FlowObject = ["line_number": .int(line.lineNumber)]
                for (key, value) in lineOutputs where key != "line_number" { object[key] = value }
                FlowValue.object(object).writeJSON(.python, into: &outputs)
                outputs.append(UInt8(ascii: "\n"))
            } else if let error = line.error {
                var object: FlowObject = ["line_number": .int(line.lineNumber)]
                object["error"] = .object(["code": .string(error.kind.rawValue), "message": .string(error.message)])
                if let node = error.node { object["node"] = .string(node) }
                FlowValue.object(object).writeJSON(.python, into: &errors)
                errors.append(UInt8(ascii: "\n"))
            }
        }
        let encoder = BulkRunRecord.encoder()
        do {
            try Data(outputs).write(to: url.appendingPathComponent("outputs.jsonl"))
            try Data(errors).write(to: url.appendingPathComponent("errors.jsonl"))
            try Data((FlowValue.object(result.metrics).json() + "\n").utf8)
                .write(to: url.appendingPathComponent("metrics.json"))
            try encoder.encode(record).write(to: url.appendingPathComponent("run.json"))
        } catch {
            throw .system("Could not write the run's files in \(url.path): \(error.localizedDescription)")
        }
    }

    /// The run's record (`run.json`).
    public func record() throws(FlowRunError) -> BulkRunRecord {
        let decoder = BulkRunRecord.decoder()
        do {
            return try decoder.decode(BulkRunRecord.self, from: Data(contentsOf: url.appendingPathComponent("run.json")))
        } catch {
            throw .user("No run record in \(url.path) (\(error.localizedDescription)).")
        }
    }

    /// The metrics its aggregation nodes logged (`metrics.json`), empty when there were none.
    public func metrics() throws(FlowRunError) -> FlowObject {
        guard let data = try? Data(contentsOf: url.appendingPathComponent("metrics.json")) else { return [:] }
        do {
            return try FlowValue(jsonBytes: [UInt8](data)).objectValue ?? [:]
        } catch {
            throw .user("metrics.json of run \(url.lastPathComponent) is not valid JSON: \(error).")
        }
    }

    /// The records of every run under `runs`, newest first (folders without a readable record are skipped).
    public static func list(in runs: URL) -> [BulkRunRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return names.compactMap { try? BulkRunFolder(url: runs.appendingPathComponent($0)).record() }
            .sorted { $0.startTime > $1.startTime }
    }

    /// Builds the record of `result` for a run of `flow` (directory) on `data`.
    public static func record(
        of result: BulkRunResult, name: String, flow: URL, data: URL, variant: String?,
        mapping: BulkRunColumnMapping, concurrency: Int
    ) -> BulkRunRecord {
        let usage = result.totalUsage
        return BulkRunRecord(
            name: name, status: result.status, flow: flow.standardizedFileURL.path, variant: variant,
            data: data.standardizedFileURL.path,
            columnMapping: Dictionary(mapping.entries.map { ($0.input, $0.value) }, uniquingKeysWith: { $1 }),
            concurrency: concurrency, startTime: result.startTime, endTime: result.endTime,
            lines: .init(total: result.lines.count, completed: result.completedLines, failed: result.failedLines),
            tokens: .init(
                prompt: usage?.promptTokens ?? 0, completion: usage?.completionTokens ?? 0,
                total: usage?.totalTokens ?? 0),
            error: result.error?.message)
    }
}
