import Foundation
import Testing

@testable import Jinja

/// Differential tests: every case of `Corpus/expected.json` (rendered by Python's jinja2 the way promptflow
/// renders, see `scripts/generate_jinja_corpus.py`) must render byte for byte the same with this engine,
/// and every case where jinja2 raised must make this engine throw a `TemplateError`.
@Suite struct DifferentialTests {
    @Test("the corpus is loaded and large enough")
    func corpusSize() throws {
        if let failure = DifferentialCorpus.loadFailure { Issue.record("cannot load the corpus: \(failure)") }
        let cases = DifferentialCorpus.cases
        #expect(cases.count >= 300, "the corpus has \(cases.count) cases, expected at least 300")
        #expect(cases.filter { $0.expectedError != nil }.count >= 40, "too few error cases")
        #expect(Set(cases.map(\.name)).count == cases.count, "case names are not unique")
    }

    @Test("jinja2 parity", arguments: DifferentialCorpus.cases)
    func parity(_ corpusCase: CorpusCase) throws {
        let context: [String: JinjaValue]
        do {
            context = try corpusCase.context()
        } catch {
            Issue.record("\(corpusCase.location): cannot read vars_json \(corpusCase.varsJSON): \(error)")
            return
        }

        let result: Result<String, any Error>
        var loaded = false
        do {
            let environment = Environment(loader: DictionaryLoader(corpusCase.files))
            let template = try environment.template(source: corpusCase.template, name: corpusCase.name)
            loaded = true
            result = .success(try template.render(context))
        } catch {
            result = .failure(error)
        }

        switch (corpusCase.expectedError, result) {
        case (nil, .success(let actual)):
            if actual != corpusCase.expectedOutput {
                Issue.record(Comment(rawValue: corpusCase.mismatchReport(actual: actual)))
            }
        case (nil, .failure(let error)):
            Issue.record(
                Comment(
                    rawValue: """
                        \(corpusCase.location): jinja2 renders it, the engine threw \(String(reflecting: error))
                        \(corpusCase.inputsReport)
                        expected: \(corpusCase.expectedOutput?.debugDescription ?? "nil")
                        """))
        case (let expected?, .success(let actual)):
            Issue.record(
                Comment(
                    rawValue: """
                        \(corpusCase.location): jinja2 raises \(expected): \(corpusCase.errorMessage ?? ""), \
                        the engine rendered \(actual.debugDescription)
                        \(corpusCase.inputsReport)
                        """))
        case (let expected?, .failure(let error)):
            if !(error is TemplateError) {
                Issue.record(
                    Comment(
                        rawValue: """
                            \(corpusCase.location): jinja2 raises \(expected); the engine threw \
                            \(String(reflecting: error)), which is not a TemplateError
                            """))
            } else if expected == CorpusCase.unsupported, loaded {
                // docs/architecture.md: a construct the engine does not implement fails at load, never mid-render.
                Issue.record(
                    Comment(
                        rawValue: """
                            \(corpusCase.location): an unsupported construct must fail when the template is \
                            loaded; the engine loaded it and threw at render: \(String(reflecting: error))
                            """))
            }
        }
    }
}

/// One record of `Corpus/expected.json`.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    let name: String
    let sourceFile: String
    let template: String
    /// The vars as Python's `json.dumps` wrote them, in the source's key order.
    let varsJSON: String
    let files: [String: String]
    let expectedOutput: String?
    /// The Python exception class jinja2 raised (`Unsupported` for constructs Flowgate refuses by design).
    let expectedError: String?
    let errorMessage: String?
    let note: String?

    /// The `error` of a case Flowgate refuses by design (jinja2 renders it; see the corpus README).
    static let unsupported = "Unsupported"

    var testDescription: String { "\(sourceFile): \(name)" }
    var location: String { "[\(sourceFile)] \(name)" }

    /// The render context: `vars_json` read by the engine's ordered JSON reader, so dict order survives.
    func context() throws -> [String: JinjaValue] {
        guard case .dict(let dict) = try JinjaValue(json: varsJSON) else { return [:] }
        return dict.templateContext
    }

    var inputsReport: String {
        var lines = ["template: \(template.debugDescription)", "vars: \(varsJSON)"]
        if !files.isEmpty {
            for (name, source) in files.sorted(by: { $0.key < $1.key }) {
                lines.append("file \(name): \(source.debugDescription)")
            }
        }
        if let note { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }

    func mismatchReport(actual: String) -> String {
        let expected = expectedOutput ?? ""
        let common = zip(expected, actual).prefix { $0 == $1 }.count
        return """
            \(location): output differs from jinja2 (first difference at character \(common))
            \(inputsReport)
            expected: \(expected.debugDescription)
            actual:   \(actual.debugDescription)
            """
    }
}

/// Loads `Corpus/expected.json` from the test bundle once.
enum DifferentialCorpus {
    private static let loaded: (cases: [CorpusCase], failure: String?) = {
        do {
            return (try load(), nil)
        } catch {
            return ([], "\(error)")
        }
    }()

    static var cases: [CorpusCase] { loaded.cases }
    static var loadFailure: String? { loaded.failure }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static func load() throws -> [CorpusCase] {
        guard let directory = Bundle.module.url(forResource: "Corpus", withExtension: nil) else {
            throw LoadError(description: "no Corpus resource in the test bundle")
        }
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        guard let records = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw LoadError(description: "expected.json is not an array of objects")
        }
        return try records.enumerated().map { index, record in
            guard let name = record["name"] as? String,
                let sourceFile = record["source_file"] as? String,
                let template = record["template"] as? String,
                let varsJSON = record["vars_json"] as? String,
                let files = record["files"] as? [String: String]
            else {
                throw LoadError(description: "record #\(index) lacks name, source_file, template, vars_json or files")
            }
            let output = record["output"] as? String
            let error = record["error"] as? String
            guard (output == nil) != (error == nil) else {
                throw LoadError(description: "record \(name) must have exactly one of output and error")
            }
            return CorpusCase(
                name: name, sourceFile: sourceFile, template: template, varsJSON: varsJSON, files: files,
                expectedOutput: output, expectedError: error, errorMessage: record["error_message"] as? String,
                note: record["note"] as? String)
        }
    }
}
