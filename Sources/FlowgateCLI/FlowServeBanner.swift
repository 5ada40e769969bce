import FlowSpec
import Foundation

/// What `flow serve` prints once it accepts requests: the URL and a curl command scoring the flow with
/// `samples.json` (an object, or the first of a list), else the inputs' defaults, else a placeholder per declared type.
struct FlowServeBanner: Sendable {
    let flow: Flow
    let host: String

    func print(port: Int) {
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let url = "http://\(shown.contains(":") ? "[\(shown)]" : shown):\(port)"
        let body = exampleInputs().json(.python).replacingOccurrences(of: "'", with: "'\\''")
        let text = """
            Serving flow '\(flow.name)' at \(url) (Ctrl+C to stop)
            Score it with:
              curl -s \(url)/score -H 'Content-Type: application/json' -d '\(body)'

            """
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func exampleInputs() -> FlowValue {
        let samples = flow.directory.appendingPathComponent("samples.json")
        if let data = try? Data(contentsOf: samples), let value = try? FlowValue(jsonBytes: Array(data)) {
            switch value {
            case .object: return value
            case .list(let items) where items.first?.objectValue != nil: return items[0]
            default: break
            }
        }
        var inputs = FlowObject()
        for input in flow.inputs {
            if let value = input.defaultValue {
                inputs[input.name] = value
                continue
            }
            switch input.type {
            case .int: inputs[input.name] = 1
            case .double: inputs[input.name] = 1.5
            case .bool: inputs[input.name] = true
            case .list: inputs[input.name] = []
            case .object: inputs[input.name] = [:]
            default: inputs[input.name] = "Hello"
            }
        }
        return .object(inputs)
    }
}
