import ArgumentParser
import FlowSpec
import Foundation

/// `flowgate flow validate PATH…`: loads each flow, prints its summary or every problem found.
struct FlowValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check flows and print what they contain, or every problem with file:line:column.",
        discussion: """
            PATH is a flow folder (flow.dag.yaml, flow.flex.yaml or one .prompty inside) or one of those files.
            Exits 1 when any flow has a problem; all problems of a file are reported at once.
            """)

    @Argument(help: "Flow folders or files to validate.", completion: .file())
    var paths: [String]

    @Flag(name: .long, help: "Print only problems, no summaries.")
    var quiet = false

    func run() async throws {
        var failed = 0
        for (i, path) in paths.enumerated() {
            do throws(FlowValidationError) {
                let flow = try FlowLoader.load(path: path)
                let templateProblems = FlowTemplateCheck.diagnostics(for: flow)
                if !templateProblems.isEmpty { throw FlowValidationError(diagnostics: templateProblems) }
                if !quiet {
                    if i > 0 { print("") }
                    print(FlowSummary(flow: flow, path: path).text, terminator: "")
                }
            } catch {
                failed += 1
                printError(ValidationReport(path: path, error: error).text)
            }
        }
        if paths.count > 1 && !quiet {
            print("\n\(paths.count - failed) of \(paths.count) flows valid")
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Writes to standard error, for problems (standard output stays the summary).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
