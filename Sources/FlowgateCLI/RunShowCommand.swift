import ArgumentParser
import FlowEngine
import FlowSpec
import Foundation

/// `flowgate run show NAME`: prints a run's record and its metrics as one JSON object.
struct RunShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a bulk run's record and metrics as JSON.")

    @Argument(help: "The run's name.")
    var name: String

    @OptionGroup var folderOptions: RunFolderOptions

    func run() throws {
        let folder = try folderOptions.folder(name)
        do {
            print(try Self.json(record: folder.record(), metrics: folder.metrics()))
        } catch let error as FlowRunError {
            throw CLIError(error.message)
        }
    }

    /// The record's JSON (as in run.json) with a `metrics` member added, keys sorted, indented.
    static func json(record: BulkRunRecord, metrics: FlowObject) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard var object = try JSONSerialization.jsonObject(with: encoder.encode(record)) as? [String: Any] else {
            throw CLIError("The run record did not encode as an object.")
        }
        object["metrics"] = try JSONSerialization.jsonObject(
            with: Data(FlowValue.object(metrics).json().utf8), options: [.fragmentsAllowed])
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
