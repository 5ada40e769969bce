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
