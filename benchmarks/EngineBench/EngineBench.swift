// Executor overhead benchmark (see benchmarks/README.md), Flowgate side.
// Usage: EngineBench FLOW_DIR SECONDS
// Writes a 10-node prompt-only flow into FLOW_DIR (flow.dag.yaml + n0..n9.jinja2), then measures, one run at a
// time on one task: (1) FlowExecutor.run over the flow, (2) the same ten templates rendered directly with the Jinja
// engine, feeding each output to the next as the flow does. Prints one JSON line with both rates and the final
// output of each (they must be equal).
import FlowEngine
import FlowSpec
import Foundation
import Jinja

@main
struct EngineBench {
    /// Node name → (template, inputs as template variable → source: "inputs.x" or a node name).
    static let nodes: [(name: String, template: String, inputs: [(String, String)])] = [
        ("n0", "Hello {{ name }}, about {{ topic }}.", [("name", "inputs.name"), ("topic", "inputs.topic")]),
        ("n1", "A: {{ text | upper }}", [("text", "n0")]),
        ("n2", "B: {{ text | lower }}", [("text", "n0")]),
        ("n3", "C: {{ text | length }} chars", [("text", "n0")]),
        ("n4", "D: {{ text.split(' ') | first }}", [("text", "n0")]),
        ("n5", "{{ a }} | {{ b }}", [("a", "n1"), ("b", "n2")]),
        ("n6", "{{ a }} | {{ b }}", [("a", "n3"), ("b", "n4")]),
        ("n7", "{% if a %}{{ a | truncate(20) }}{% endif %}", [("a", "n5")]),
        ("n8", "{{ a | replace('|', '/') }}", [("a", "n6")]),
        ("n9", "{{ a }} # {{ b }} # {{ c }}", [("a", "n7"), ("b", "n8"), ("c", "inputs.topic")]),
    ]
    static let inputs: FlowObject = ["name": "Ada", "topic": "flows"]

    static func main() async throws {
        let args = CommandLine.arguments
        guard args.count == 3, let seconds = Double(args[2]) else {
            FileHandle.standardError.write(Data("usage: EngineBench FLOW_DIR SECONDS\n".utf8))
            exit(2)
        }
        let directory = URL(fileURLWithPath: args[1])
        try write(to: directory)
        let flow = try FlowLoader.load(path: directory.path)
        let executor = try await FlowExecutor(flow: flow)

        let engineOutput = try await executor.run(inputs: inputs).outputs["out"]?.stringValue ?? ""
        let engine = try await measure(seconds: seconds) {
            _ = try await executor.run(inputs: inputs)
        }

        let environment = Environment(loader: FileSystemLoader(root: directory))
        let templates = try nodes.map { try environment.template(source: $0.template, name: "\($0.name).jinja2") }
        @Sendable func renderAll() throws -> String {
            var outputs: [String: String] = [:]
            for (index, node) in nodes.enumerated() {
                var context: [String: JinjaValue] = [:]
                for (variable, source) in node.inputs {
                    let value =
                        source.hasPrefix("inputs.") ? inputs[String(source.dropFirst(7))]?.stringValue : outputs[source]
                    context[variable] = .string(value ?? "")
                }
                outputs[node.name] = try templates[index].render(context)
            }
            return outputs["n9"] ?? ""
        }
        let directOutput = try renderAll()
        let direct = try await measure(seconds: seconds) { _ = try renderAll() }

        let result: FlowValue = [
            "engine_runs_per_second": .double(engine), "direct_renders_per_second": .double(direct),
            "engine_output": .string(engineOutput), "direct_output": .string(directOutput),
        ]
        print(result.json())
    }

    /// Calls per second of `body` over `seconds`, after a warm-up.
    static func measure(seconds: Double, _ body: @Sendable () async throws -> Void) async throws -> Double {
        for _ in 0..<200 { try await body() }
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        var count = 0
        var now = start
        while now < deadline {
            for _ in 0..<50 { try await body() }
            count += 50
            now = clock.now
        }
        let elapsed = now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The flow folder: inputs name and topic, ten prompt nodes (fan-out from n0, pairs, a join), output n9.
    static func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var yaml = """
            inputs:
              name: {type: string, default: Ada}
              topic: {type: string, default: flows}
            outputs:
              out: {type: string, reference: '${n9.output}'}
            nodes:

            """
        for node in nodes {
            try node.template.write(
                to: directory.appendingPathComponent("\(node.name).jinja2"), atomically: true, encoding: .utf8)
            let inputs = node.inputs.map { variable, source in
                "\(variable): '${\(source.hasPrefix("inputs.") ? source : source + ".output")}'"
            }.joined(separator: ", ")
            yaml += "- {name: \(node.name), type: prompt, source: {type: code, path: \(node.name).jinja2}, inputs: {\(inputs)}}\n"
        }
        try yaml.write(to: directory.appendingPathComponent("flow.dag.yaml"), atomically: true, encoding: .utf8)
    }
}
