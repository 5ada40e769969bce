import FlowSpec

/// The text `flowgate flow validate` prints for a valid flow: kind, inputs, outputs, nodes in execution
/// order, connections and python tools, then any warnings.
struct FlowSummary {
    let flow: Flow
    let path: String

    var text: String {
        var lines: [String] = []
        lines.append("\(path): valid \(flow.kind.rawValue) flow '\(flow.name)' (\(flow.file))")
        if let flex = flow.flex {
            lines.append("  entry: \(flex.entry)")
            for parameter in flex.initParameters {
                lines.append("  init \(parameter.name): \(parameter.type)\(defaultText(parameter.defaultValue))")
            }
        }
        if let prompty = flow.prompty {
            lines.append("  model: \(prompty.model.api.rawValue) api, template at \(prompty.file):\(prompty.templateLine)")
        }
        // A flex flow that declares no inputs takes its entry's parameters, which only Python can tell.
        let noInputs = flow.flex != nil ? " from the entry's signature" : " none"
        lines.append("  inputs:" + (flow.inputs.isEmpty ? noInputs : ""))
        for input in flow.inputs {
            var flags: [String] = []
            if input.isChatInput { flags.append("chat input") }
            if input.isChatHistory || flow.chatHistory?.name == input.name { flags.append("chat history") }
            if let values = input.enumValues { flags.append("one of " + values.map(\.description).joined(separator: ", ")) }
            let required = input.isRequired ? " (required)" : defaultText(input.defaultValue)
            let flagText = flags.isEmpty ? "" : " [" + flags.joined(separator: "; ") + "]"
            lines.append("    \(input.name): \(input.type.rawValue)\(required)\(flagText)")
        }
        let noOutputs = flow.flex != nil ? " what the entry returns" : " none"
        lines.append("  outputs:" + (flow.outputs.isEmpty ? noOutputs : ""))
        for output in flow.outputs {
            var flags: [String] = []
            if output.isChatOutput { flags.append("chat output") }
            if output.evaluationOnly { flags.append("evaluation only") }
            if !output.isServed { flags.append("not served: aggregation") }
            let flagText = flags.isEmpty ? "" : " [" + flags.joined(separator: "; ") + "]"
            lines.append("    \(output.name) <- \(referenceText(output.reference))\(flagText)")
        }
        if !flow.nodes.isEmpty {
            lines.append("  nodes (execution order):")
            for (index, name) in flow.executionOrder.enumerated() {
                guard let node = flow.resolvedNode(name) ?? flow.node(name) else { continue }
                lines.append("    \(index + 1). \(name) \(nodeText(node))")
            }
        }
        let connections = flow.connectionsNeeded
        lines.append("  connections: " + (connections.isEmpty ? "none" : connections.joined(separator: ", ")))
        let tools = flow.pythonTools
        lines.append("  python tools: " + (tools.isEmpty ? "none" : tools.joined(separator: ", ")))
        for warning in flow.warnings {
            lines.append("  warning: \(warning)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func defaultText(_ value: FlowValue?) -> String {
        guard let value else { return "" }
        return " = \(value.description)"
    }

    private func nodeText(_ node: Node) -> String {
        var parts: [String] = ["(" + (node.kind?.rawValue ?? "?")]
        if let api = node.api { parts[0] += ", \(api.rawValue)" }
        parts[0] += ")"
        switch node.source {
        case .code(let path)?: parts.append(path)
        case .package(let tool)?: parts.append(tool)
        case .packageWithPrompt(let tool, let path)?: parts.append(tool + (path.map { " + \($0)" } ?? ""))
        case nil: break
        }
        if let connection = node.connection { parts.append("connection \(connection)") }
        if let activate = node.activate {
            parts.append("activate when \(referenceText(activate.when)) is \(activate.value.description)")
        }
        if node.aggregation { parts.append("aggregation") }
        if let variants = flow.nodeVariants[node.name] {
            let ids = variants.variants.map { $0.id == variants.defaultVariantID ? "\($0.id) (default)" : $0.id }
            parts.append("variants " + ids.joined(separator: ", "))
        }
        return parts.joined(separator: " ")
    }

    private func referenceText(_ binding: Binding) -> String {
        switch binding {
        case .literal(let value): return value.description
        case .flowInput(let name): return "${inputs.\(name)}"
        case .nodeOutput(let node, let path):
            return "${\(node).output" + path.map { "\($0)" }.joined() + "}"
        case .nodeVariant(let node, let variant): return "${\(node).\(variant)}"
        }
    }
}

/// The text printed for a flow that does not validate: every problem, one per line, with file:line:column.
struct ValidationReport {
    let path: String
    let error: FlowValidationError

    var text: String {
        let count = error.diagnostics.count
        var lines = ["\(path): \(count) problem\(count == 1 ? "" : "s")"]
        for diagnostic in error.diagnostics {
            lines.append("  \(diagnostic)")
        }
        return lines.joined(separator: "\n")
    }
}
