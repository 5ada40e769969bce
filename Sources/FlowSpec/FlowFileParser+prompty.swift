import Foundation
import Yams

extension FlowFileParser {
    /// Splits a `.prompty` file into front matter and template, then parses the front matter.
    mutating func parsePrompty(text: String, name: String) throws(FlowValidationError) -> Flow {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func isFence(_ line: Substring) -> Bool { line.trimmingCharacters(in: .whitespacesAndNewlines) == "---" }
        guard let open = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }),
            isFence(lines[open].drop { $0 == "\u{FEFF}" })
        else {
            throw FlowValidationError(diagnostics: [
                Diagnostic(
                    file: file, line: 1, column: 1,
                    message: "a .prompty file must start with YAML front matter between '---' lines")
            ])
        }
        guard let close = lines[(open + 1)...].firstIndex(where: isFence) else {
            throw FlowValidationError(diagnostics: [
                Diagnostic(
                    file: file, line: open + 1, column: 1,
                    message: "the front matter that starts here is not closed by a '---' line")
            ])
        }
        let frontMatter = lines[(open + 1)..<close].joined(separator: "\n")
        let template = lines[(close + 1)...].joined(separator: "\n")
        diagnostics = DiagnosticList(file: file, lineOffset: open + 1)
        let root = try YAMLReader.compose(frontMatter, file: file, lineOffset: open + 1)
        guard let root, root.pairs != nil else {
            throw FlowValidationError(diagnostics: [
                Diagnostic(
                    file: file, line: open + 2, column: 1,
                    message: "the front matter must be a YAML mapping (name, model, inputs, …)")
            ])
        }

        var spec = PromptySpec(file: file, template: template, templateLine: close + 2)
        spec.name = string(root.value(for: "name"), "name")
        spec.description = string(root.value(for: "description"), "description")
        if let modelNode = root.value(for: "model") {
            _ = mapping(modelNode, "model")
            if let apiNode = modelNode.value(for: "api"), let text = string(apiNode, "model api") {
                if let api = Node.API(rawValue: text) {
                    spec.model.api = api
                } else {
                    diagnostics.add("model api '\(text)' is unknown; expected chat or completion", at: apiNode)
                }
            }
            let configurationNode = modelNode.value(for: "configuration")
            spec.model.configuration = object(configurationNode, "model configuration")
            spec.model.parameters = object(modelNode.value(for: "parameters"), "model parameters")
            if let responseNode = modelNode.value(for: "response"),
                let response = string(responseNode, "model response")
            {
                if ["first", "all"].contains(response) {
                    spec.model.response = response
                } else {
                    diagnostics.add("model response '\(response)' is unknown; expected first or all", at: responseNode)
                }
            }
            for (_, valueNode) in configurationNode?.pairs ?? [] {
                guard case .string(let value) = valueNode.flowValue else { continue }
                if let variable = Self.reference(value, scheme: "env") {
                    spec.environmentReferences.append(variable)
                } else if let path = Self.reference(value, scheme: "file") {
                    if let path = checkedPath(path, "model configuration file reference", at: valueNode) {
                        spec.fileReferences.append(path)
                    }
                }
            }
        }
        if let sampleNode = root.value(for: "sample") {
            spec.sample = parseSample(sampleNode, into: &spec.fileReferences)
        }
        let known: Set<String> = ["name", "description", "model", "inputs", "outputs", "sample"]
        for (keyNode, valueNode) in root.pairs ?? [] {
            guard let key = keyNode.scalarText, !known.contains(key) else { continue }
            spec.extra[key] = valueNode.flowValue
        }

        var flow = Flow(kind: .prompty, name: name, directory: directory, file: file)
        flow.inputs = parseInputs(root.value(for: "inputs"), requireType: false)
        flow.outputs = parseOutputs(root.value(for: "outputs"), requireReference: false).map(\.output)
        flow.metadata.description = spec.description
        flow.metadata.displayName = spec.name
        flow.prompty = spec
        flow.warnings = diagnostics.warnings
        try diagnostics.throwIfAny()
        return flow
    }

    /// `sample:` — an inline value, or `${file:path}` naming a file inside the flow folder.
    mutating func parseSample(_ node: Yams.Node, into fileReferences: inout [String]) -> FlowValue {
        let value = node.flowValue
        if case .string(let text) = value {
            if let path = Self.reference(text, scheme: "file") {
                if let path = checkedPath(path, "sample file reference", at: node) { fileReferences.append(path) }
            } else {
                diagnostics.add("sample must be a mapping of input values or a ${file:path} reference", at: node)
            }
        }
        return value
    }

    /// The inside of `${scheme:inside}`, when `value` is exactly that.
    static func reference(_ value: String, scheme: String) -> String? {
        let prefix = "${\(scheme):"
        guard value.hasPrefix(prefix), value.hasSuffix("}"), value.count > prefix.count + 1 else { return nil }
        return String(value.dropFirst(prefix.count).dropLast())
    }
}
