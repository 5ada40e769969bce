import ArgumentParser
import Foundation
import Jinja
import LLM

/// `flowgate template render FILE --vars …`: shows exactly what a prompt or llm node would produce.
struct TemplateRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a Jinja template with promptflow's settings, or show the chat messages it becomes.",
        discussion: """
            Templates render as promptflow renders them (jinja2, trim_blocks, keep_trailing_newline, sandboxed);
            include and import find templates in the template's own folder.
            With --chat, string variables are treated as flow inputs (role markers inside them are escaped,
            so they cannot add messages) and the output is the list of messages sent to the model, as JSON.
            """)

    @Argument(help: "The template file (.jinja2, .j2, …).", completion: .file())
    var file: String

    @Option(name: .long, help: "Variables as a JSON object, or @path to a JSON file.")
    var vars: String = "{}"

    @Flag(name: .long, help: "Parse the rendered text into chat messages and print them as JSON.")
    var chat = false

    func run() async throws {
        let context = try TemplateVariables.parse(vars)
        let url = URL(fileURLWithPath: file)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("cannot read template '\(file)'.")
        }
        let source = String(decoding: data, as: UTF8.self)
        let environment = Environment(loader: FileSystemLoader(root: url.deletingLastPathComponent()))
        do {
            if chat {
                let template = try environment.template(source: source, name: file)
                var escaper = RoleEscaper()
                escaper.collect(contentsOf: context.values.flatMap(\.stringLeaves))
                let rendered = try template.render(context.mapValues { $0.mappingStrings(escaper.escape) })
                let messages = try ChatPromptParser.parse(rendered, escaper: escaper)
                print(try ChatMessageJSON.encode(messages))
            } else {
                let template = try environment.template(source: source, name: file)
                print(try template.render(context), terminator: "")
            }
        } catch let error as TemplateError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as ChatPromptError {
            printError("\(file): \(error)")
            throw ExitCode(1)
        }
    }
}
