import FlowSpec
import Foundation
import Jinja
import LLM

/// Reads and parses a node's Jinja template once, when the flow is loaded.
enum TemplateLoading {
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
