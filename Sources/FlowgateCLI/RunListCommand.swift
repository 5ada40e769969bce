import ArgumentParser
import FlowEngine
import Foundation

/// `flowgate run list`: a table of bulk runs, newest first.
struct RunListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List bulk runs, newest first.")

    @OptionGroup var folderOptions: RunFolderOptions

    func run() async throws {
        if let client = try folderOptions.serverClient() {
            let runs = try await client.json(.GET, "/runs").objectValue?["value"]?.listValue ?? []
            print(runs.isEmpty ? "No runs on \(client.target.url)." : RunOnServer.table(runs))
            return
        }
        let records = BulkRunFolder.list(in: folderOptions.runsDirectory)
        guard !records.isEmpty else {
            print("No runs in \(folderOptions.runsDirectory.path).")
            return
        }
        print(Self.table(records))
    }

    static func table(_ records: [BulkRunRecord]) -> String {
        let formatter = ISO8601DateFormatter()
        let rows =
            [["NAME", "STATUS", "LINES", "FAILED", "DURATION", "STARTED", "VARIANT"]]
            + records.map { record in
                [
                    record.name, record.status.rawValue, "\(record.lines.completed)/\(record.lines.total)",
                    "\(record.lines.failed)", String(format: "%.2f s", record.duration),
                    formatter.string(from: record.startTime), record.variant ?? "-",
                ]
            }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
