import FlowSpec
import Foundation
import Jinja
import LLM

/// Reads and parses a node's Jinja template once, when the flow is loaded, and renders it per run.
/// A render failure reads as promptflow-tools' `JinjaTemplateError`, a UserError promptflow reports unwrapped.
enum TemplateLoading {
    /// Renders `template` with `inputs`; a failure becomes promptflow-tools' message, `Failed to render jinja
    /// template: <Type>: <message>. Please modify your prompt to fix the issue.`, with role escapes undone.
    static func render(
        _ template: Template, _ inputs: FlowObject, node: String, escaper: RoleEscaper? = nil
    ) throws -> String {
        var context: [String: JinjaValue] = [:]
        for (name, value) in inputs { context[name] = value.jinjaValue }
        do {
            return try template.render(context)
        } catch let error as TemplateError {
            let message = escaper.map { $0.unescape(error.message) } ?? error.message
            throw FlowRunError.user(
                "Failed to render jinja template: \(error.kind.rawValue): \(message). "
                    + "Please modify your prompt to fix the issue.", node: node)
        }
    }

    static func template(for node: Node, in flow: Flow, preprocessForChat: Bool) throws(FlowRunError) -> Template {
        guard let path = node.source?.path else {
            throw .user("Node '\(node.name)' has no template: its source needs a path.", node: node.name)
        }
        let url = flow.directory.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .user("Node '\(node.name)': cannot read its template '\(path)'.", node: node.name)
        }
        var source = String(decoding: data, as: UTF8.self)
        if preprocessForChat { source = ChatPromptParser.preprocessTemplate(source) }
        let environment = Environment(loader: FileSystemLoader(root: flow.directory))
        do {
            return try environment.template(source: source, name: path)
        } catch {
            throw .user("Node '\(node.name)': the template '\(path)' does not load: \(error)", node: node.name)
        }
    }
}
