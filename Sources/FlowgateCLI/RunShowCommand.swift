import ArgumentParser
import FlowEngine
import FlowSpec
import Foundation

/// `flowgate run show NAME`: prints a run's record and its metrics as one JSON object.
struct RunShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a bulk run's record and metrics as JSON.")

    @Argument(help: "The run's name.")
    var name: String

    @OptionGroup var folderOptions: RunFolderOptions

    func run() async throws {
        if let client = try folderOptions.serverClient() {
            print(PrettyJSON.text(try await client.json(.GET, "/runs/\(PathSegment.escape(name))")))
            return
        }
        let folder = try folderOptions.folder(name)
        do {
            print(try Self.json(record: folder.record(), metrics: folder.metrics()))
        } catch let error as FlowRunError {
            throw CLIError(error.message)
        }
    }

    /// The record's JSON (as in run.json) with a `metrics` member added last, written as promptflow writes
    /// metrics (`1.0` stays a float).
    static func json(record: BulkRunRecord, metrics: FlowObject) throws -> String {
        var text = String(decoding: try BulkRunRecord.encoder().encode(record), as: UTF8.self)
        guard text.hasSuffix("\n}") else { throw CLIError("The run record did not encode as an object.") }
        text.removeLast(2)
        return text + ",\n  \"metrics\" : " + FlowValue.object(metrics).json() + "\n}"
    }
}
