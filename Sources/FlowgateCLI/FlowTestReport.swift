import FlowEngine
import FlowSpec
import Foundation

/// How `flowgate flow test` shows a run: outputs in the flow's order, and the per-node table of `--verbose`.
enum FlowTestReport {
    /// `outputs` with `name` set to `value`, in the order the flow declares its outputs.
    static func ordered(_ outputs: FlowObject, adding name: String, value: FlowValue, flow: Flow) -> FlowObject {
        var result = FlowObject()
        for output in flow.outputs {
            if output.name == name {
                result[name] = value
            } else if let existing = outputs[output.name] {
                result[output.name] = existing
            }
        }
        if result[name] == nil { result[name] = value }
        return result
    }

    /// One line per node: name, status, milliseconds, tokens (prompt/completion/total).
    static func table(_ records: [NodeRunRecord]) -> String {
        var rows = [["node", "status", "time (ms)", "tokens (prompt/completion/total)"]]
        for record in records {
            let tokens = record.usage.map { "\($0.promptTokens)/\($0.completionTokens)/\($0.totalTokens)" } ?? "-"
            rows.append([
                record.node, record.status.rawValue, String(format: "%.1f", record.duration * 1000), tokens,
            ])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == 3 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
