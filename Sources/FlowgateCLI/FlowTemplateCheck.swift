import FlowSpec
import Foundation
import Jinja

/// Loads every Jinja template a flow uses (prompt and llm nodes, all variants, a prompty body), so
/// syntax errors and constructs the engine does not support surface at validation, with file and line.
enum FlowTemplateCheck {
    static func diagnostics(for flow: Flow) -> [Diagnostic] {
        let environment = Environment(loader: FileSystemLoader(root: flow.directory))
        var problems: [Diagnostic] = []
        var checked = Set<String>()
        for node in flow.allNodeDefinitions where node.kind == .llm || node.kind == .prompt {
            guard let path = node.source?.path, checked.insert(path).inserted else { continue }
            let url = flow.directory.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }  // FlowSpec reports it
            problems += check(String(decoding: data, as: UTF8.self), file: path, lineOffset: 0, environment)
        }
        if let prompty = flow.prompty {
            problems += check(prompty.template, file: prompty.file, lineOffset: prompty.templateLine - 1, environment)
        }
        return problems
    }

    private static func check(_ source: String, file: String, lineOffset: Int, _ environment: Environment)
        -> [Diagnostic]
    {
        do {
            _ = try environment.template(source: source, name: file)
            return []
        } catch let error as TemplateError {
            let inOwnFile = error.templateName == nil || error.templateName == file
            return [
                Diagnostic(
                    file: inOwnFile ? file : error.templateName ?? file,
                    line: error.line.map { inOwnFile ? $0 + lineOffset : $0 },
                    message: "\(error.kind.rawValue): \(error.message)")
            ]
        } catch {
            return [Diagnostic(file: file, message: "\(error)")]
        }
    }
}
