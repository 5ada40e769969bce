import Foundation
import Testing

@testable import Jinja

/// A developer harness: with `JINJA_CASES=/path/cases.json` (the corpus format) it renders every case and
/// writes a plain-text report to `JINJA_REPORT` (default /tmp/jinja_report.txt). Without the variable it does nothing.
@Test func harnessRunsExternalCases() throws {
    guard let path = ProcessInfo.processInfo.environment["JINJA_CASES"] else { return }
    let reportPath = ProcessInfo.processInfo.environment["JINJA_REPORT"] ?? "/tmp/jinja_report.txt"
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard let cases = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return }
    var report = ""
    var pass = 0
    for c in cases {
        let name = c["name"] as? String ?? "?"
        let template = c["template"] as? String ?? ""
        let varsJSON = c["vars_json"] as? String ?? "{}"
        let files = c["files"] as? [String: String] ?? [:]
        let expected = c["output"] as? String
        let expectedError = c["error"] as? String
        var actual: String? = nil
        var thrown: String? = nil
        do {
            guard case .dict(let d) = try JinjaValue(json: varsJSON) else { continue }
            var ctx: [String: JinjaValue] = [:]
            for (k, v) in d.items { ctx[PythonFormat.str(k)] = v }
            let env = Environment(loader: DictionaryLoader(files))
            actual = try env.template(source: template, name: name).render(ctx)
        } catch {
            thrown = "\(error)"
        }
        let ok = expectedError != nil ? thrown != nil : actual == expected
        if ok {
            pass += 1
        } else {
            report += "FAIL \(name)\n  template: \(template.debugDescription)\n  vars: \(varsJSON)\n"
            report += "  expected: \(expectedError.map { "error \($0): \(c["error_message"] ?? "")" } ?? expected!.debugDescription)\n"
            report += "  actual:   \(thrown.map { "error \($0)" } ?? actual!.debugDescription)\n"
        }
    }
    report = "PASS \(pass)/\(cases.count)\n" + report
    try report.write(toFile: reportPath, atomically: true, encoding: .utf8)
}

/// With `JINJA_PERF=1`: renders a 20-turn chat prompt many times and prints renders per second.
@Test func harnessChatThroughput() throws {
    guard ProcessInfo.processInfo.environment["JINJA_PERF"] != nil else { return }
    let source = """
        # system:
        You are a helpful assistant. Today is {{ today }}.
        {% if tools %}
        Tools: {{ tools | join(", ") }}
        {% endif %}

        {% for item in chat_history %}
        # user:
        {{ item.inputs.question }}

        # assistant:
        {{ item.outputs.answer | trim }}
        {% endfor %}

        # user:
        {{ question }}
        """
    var history: [JinjaValue] = []
    for i in 0..<20 {
        history.append([
            "inputs": ["question": .string("What is the answer to question number \(i)? Please be brief.")],
            "outputs": ["answer": .string("  The answer to question \(i) is \(i * 7), as explained in the docs.  ")],
        ])
    }
    let context: [String: JinjaValue] = [
        "chat_history": .list(history), "question": "And the last one?", "today": "2024-01-01",
        "tools": ["search", "calculator"],
    ]
    let template = try Environment().template(source: source)
    var total = 0
    let n = 20000
    let start = Date()
    for _ in 0..<n { total += try template.render(context).utf8.count }
    let elapsed = Date().timeIntervalSince(start)
    print("JINJA_PERF renders/s: \(Int(Double(n) / elapsed)) (\(elapsed * 1e6 / Double(n)) us/render, \(total / n) bytes)")
}

/// With `JINJA_WS_CASES=/path.json`: whitespace cases with `lstrip`/`trim`/`keep` settings; report to /tmp/jinja_ws.txt.
@Test func harnessWhitespaceSettings() throws {
    guard let path = ProcessInfo.processInfo.environment["JINJA_WS_CASES"] else { return }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard let cases = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return }
    var report = ""
    var pass = 0
    for c in cases {
        let env = Environment(
            trimBlocks: c["trim"] as? Bool ?? true, lstripBlocks: c["lstrip"] as? Bool ?? false,
            keepTrailingNewline: c["keep"] as? Bool ?? true)
        let template = c["template"] as? String ?? ""
        let expected = c["output"] as? String ?? ""
        let actual = (try? env.template(source: template).render([:])) ?? "<error>"
        if actual == expected {
            pass += 1
        } else {
            report += "FAIL \(c["lstrip"]!) \(c["trim"]!) \(c["keep"]!) \(template.debugDescription)\n  expected \(expected.debugDescription)\n  actual   \(actual.debugDescription)\n"
        }
    }
    try ("PASS \(pass)/\(cases.count)\n" + report).write(toFile: "/tmp/jinja_ws.txt", atomically: true, encoding: .utf8)
}
