import ArgumentParser

/// `flowgate template …`: the prompt author's tools.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render Jinja templates the way a flow's prompt and llm nodes do.",
        subcommands: [TemplateRenderCommand.self])
}
