import ArgumentParser
import FlowSpec
import Foundation

/// Reads `flowgate flow test` inputs: a JSON object file, then `name=value` pairs (kept as strings) on top.
/// A flex flow given no inputs runs on its `sample.inputs`, as `pf flow test` does (serving never does).
enum FlowTestInputs {
    /// `given`, or the flex flow's `sample.inputs` when nothing was given and no single node is tested.
    static func filled(_ given: FlowObject, flow: Flow, node: String?) -> FlowObject {
        guard given.isEmpty, node == nil, let sample = flow.flex?.sample?.objectValue?["inputs"]?.objectValue else {
            return given
        }
        return sample
    }

    static func read(pairs: [String], file: String?) throws -> FlowObject {
        var inputs = FlowObject()
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError("--inputs-file: cannot read '\(file)'.")
            }
            let value: FlowValue
            do {
                value = try FlowValue(jsonBytes: [UInt8](data))
            } catch {
                throw ValidationError("--inputs-file: \(file) is not valid JSON: \(error)")
            }
            guard case .object(let object) = value else {
                throw ValidationError("--inputs-file: \(file) must hold a JSON object, like {\"question\": \"Hi\"}.")
            }
            inputs = object
        }
        for pair in pairs {
            guard let separator = pair.firstIndex(of: "=") else { continue }
            inputs[String(pair[..<separator])] = .string(String(pair[pair.index(after: separator)...]))
        }
        return inputs
    }
}
