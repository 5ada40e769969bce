import Foundation
import Yams

/// Turns a composed flow file into model values, collecting every problem instead of stopping at the first.
/// One parser handles one file; the format-specific parts live in extensions (`+dag`, `+prompty`, `+flex`).
struct FlowFileParser {
    var diagnostics: DiagnosticList
    let paths: PathGuard
    let directory: URL

    init(file: String, directory: URL, lineOffset: Int = 0) {
        diagnostics = DiagnosticList(file: file, lineOffset: lineOffset)
        paths = PathGuard(directory: directory)
        self.directory = directory
    }

    var file: String { diagnostics.file }

    // MARK: Typed fields

    /// A scalar as text; reports `what must be a string` for collections.
    mutating func string(_ node: Yams.Node?, _ what: String) -> String? {
        guard let node else { return nil }
        if node.flowValue == .null { return nil }
        guard let text = node.scalarText else {
            diagnostics.add("\(what) must be a string, not a \(node.yamlKindName)", at: node)
            return nil
        }
        return text
    }

    /// A `true`/`false` value; `null` or absent is `false`.
    mutating func bool(_ node: Yams.Node?, _ what: String) -> Bool {
        guard let node else { return false }
        switch node.flowValue {
        case .bool(let value): return value
        case .null: return false
        default:
            diagnostics.add("\(what) must be true or false, not \(node.flowValue)", at: node)
            return false
        }
    }

    /// The pairs of a mapping; reports `what must be a mapping` otherwise. `null` is an empty mapping.
    mutating func mapping(_ node: Yams.Node?, _ what: String) -> [(key: Yams.Node, value: Yams.Node)] {
        guard let node else { return [] }
        if let pairs = node.pairs { return pairs }
        if node.flowValue == .null { return [] }
        diagnostics.add("\(what) must be a mapping, not a \(node.yamlKindName)", at: node)
        return []
    }

    /// The items of a sequence; reports `what must be a list` otherwise. `null` is an empty list.
    mutating func sequence(_ node: Yams.Node?, _ what: String) -> [Yams.Node] {
        guard let node else { return [] }
        if case .sequence(let items) = node { return Array(items) }
        if node.flowValue == .null { return [] }
        diagnostics.add("\(what) must be a list, not a \(node.yamlKindName)", at: node)
        return []
    }

    /// A mapping as an ordered object of values.
    mutating func object(_ node: Yams.Node?, _ what: String) -> FlowObject {
        var object = FlowObject()
        for (key, value) in mapping(node, what) {
            object[key.scalarText ?? key.flowValue.description] = value.flowValue
        }
        return object
    }

    /// Checks a relative path written in the file; returns it when it is acceptable.
    mutating func checkedPath(
        _ path: String, _ what: String, at node: Yams.Node?, mustExist: Bool = true, hint: String = ""
    ) -> String? {
        guard let problem = paths.check(path, mustExist: mustExist) else { return path }
        var message = PathGuard.message(problem, what: what, path: path)
        if problem != .missing { message += hint }
        diagnostics.add(message, at: node)
        return nil
    }

    // MARK: Shared sections

    /// `inputs:` of a DAG, prompty or flex file.
    mutating func parseInputs(_ node: Yams.Node?, requireType: Bool = true) -> [FlowInput] {
        var inputs: [FlowInput] = []
        var chatInput: String?
        for (keyNode, valueNode) in mapping(node, "inputs") {
            let name = keyNode.scalarText ?? keyNode.flowValue.description
            var input = FlowInput(name: name, type: .string, location: diagnostics.location(of: keyNode))
            guard let fields = valueNode.pairs else {
                // Prompty allows the short form `name: type`; anything else needs a mapping.
                if let text = valueNode.scalarText, let type = ValueType(rawValue: text) {
                    input.type = type
                    inputs.append(input)
                } else {
                    diagnostics.add(
                        "input '\(name)' must be a mapping with a type (for example `type: string`)", at: valueNode)
                }
                continue
            }
            let allowed = ValueType.allCases.map(\.rawValue).joined(separator: ", ")
            if let typeNode = valueNode.value(for: "type") {
                if let text = string(typeNode, "the type of input '\(name)'") {
                    if let type = ValueType(rawValue: text) {
                        input.type = type
                    } else {
                        diagnostics.add(
                            "input '\(name)' has unknown type '\(text)'; expected one of \(allowed)", at: typeNode)
                    }
                }
            } else if requireType {
                diagnostics.add("input '\(name)' has no type; add `type:` with one of \(allowed)", at: keyNode)
            }
            if !requireType, valueNode.value(for: "type") == nil, let value = valueNode.value(for: "default")?.flowValue
            {
                input.type = ValueType.inferred(from: value)
            }
            input.description = string(valueNode.value(for: "description"), "the description of input '\(name)'")
            input.isChatInput = bool(valueNode.value(for: "is_chat_input"), "is_chat_input of input '\(name)'")
            input.isChatHistory = bool(valueNode.value(for: "is_chat_history"), "is_chat_history of input '\(name)'")
            if let enumNode = valueNode.value(for: "enum") {
                input.enumValues = sequence(enumNode, "the enum of input '\(name)'").map(\.flowValue)
            }
            if let defaultNode = valueNode.value(for: "default") {
                let value = defaultNode.flowValue
                if value != .null {
                    input.defaultValue = value
                    let typeIsKnown =
                        fields.contains {
                            $0.key.scalarText == "type" && ValueType(rawValue: $0.value.scalarText ?? "") != nil
                        }
                        || (!requireType && valueNode.value(for: "type") == nil)
                    if typeIsKnown && !input.type.accepts(value) {
                        diagnostics.add(
                            "input '\(name)' default \(value) is not a valid \(input.type.rawValue)", at: defaultNode)
                    } else if let allowedValues = input.enumValues, !allowedValues.isEmpty,
                        !allowedValues.contains(value)
                    {
                        let list = allowedValues.map(\.description).joined(separator: ", ")
                        diagnostics.add(
                            "input '\(name)' default \(value) is not one of its enum values: \(list)", at: defaultNode)
                    }
                }
            }
            if input.isChatInput {
                if let first = chatInput {
                    diagnostics.add(
                        "input '\(name)' is marked is_chat_input, but input '\(first)' already is; a chat flow has exactly one chat input",
                        at: valueNode.keyNode(for: "is_chat_input"))
                } else {
                    chatInput = name
                }
            }
            inputs.append(input)
        }
        return inputs
    }

    /// `outputs:` of a DAG, prompty or flex file; references are checked later against inputs and nodes.
    mutating func parseOutputs(_ node: Yams.Node?, requireReference: Bool) -> [(
        output: FlowOutput, referenceNode: Yams.Node?
    )] {
        var outputs: [(FlowOutput, Yams.Node?)] = []
        var chatOutput: String?
        for (keyNode, valueNode) in mapping(node, "outputs") {
            let name = keyNode.scalarText ?? keyNode.flowValue.description
            var output = FlowOutput(name: name, reference: .literal(.null), location: diagnostics.location(of: keyNode))
            guard valueNode.pairs != nil else {
                if let text = valueNode.scalarText, let type = ValueType(rawValue: text), !requireReference {
                    output.type = type
                    outputs.append((output, nil))
                } else {
                    diagnostics.add(
                        "output '\(name)' must be a mapping with a reference (for example `reference: ${node.output}`)",
                        at: valueNode)
                }
                continue
            }
            if let typeNode = valueNode.value(for: "type"), let text = string(typeNode, "the type of output '\(name)'")
            {
                if let type = ValueType(rawValue: text) {
                    output.type = type
                } else {
                    let allowed = ValueType.allCases.map(\.rawValue).joined(separator: ", ")
                    diagnostics.add(
                        "output '\(name)' has unknown type '\(text)'; expected one of \(allowed)", at: typeNode)
                }
            }
            output.description = string(valueNode.value(for: "description"), "the description of output '\(name)'")
            output.isChatOutput = bool(valueNode.value(for: "is_chat_output"), "is_chat_output of output '\(name)'")
            output.evaluationOnly = bool(valueNode.value(for: "evaluation_only"), "evaluation_only of output '\(name)'")
            let referenceNode = valueNode.value(for: "reference")
            if let referenceNode, referenceNode.flowValue != .null, referenceNode.flowValue != "" {
                do {
                    output.reference = try Binding.parse(referenceNode.flowValue)
                } catch {
                    diagnostics.add("output '\(name)' reference: \(error)", at: referenceNode)
                }
            } else if requireReference {
                diagnostics.add(
                    "output '\(name)' has no reference; set `reference:` to ${node_name.output} or ${inputs.name}",
                    at: referenceNode ?? keyNode)
            }
            if output.isChatOutput {
                if let first = chatOutput {
                    diagnostics.add(
                        "output '\(name)' is marked is_chat_output, but output '\(first)' already is; a chat flow has at most one chat output",
                        at: valueNode.keyNode(for: "is_chat_output"))
                } else {
                    chatOutput = name
                }
            }
            outputs.append((output, referenceNode))
        }
        return outputs
    }

    /// `environment:` (image, python_requirements_txt).
    mutating func parseEnvironment(_ node: Yams.Node?) -> FlowEnvironment {
        var environment = FlowEnvironment()
        guard let node else { return environment }
        _ = mapping(node, "environment")
        environment.image = string(node.value(for: "image"), "environment image")
        if let requirementsNode = node.value(for: "python_requirements_txt"),
            let path = string(requirementsNode, "environment python_requirements_txt")
        {
            environment.pythonRequirementsTxt = checkedPath(
                path, "environment python_requirements_txt", at: requirementsNode)
        }
        return environment
    }

    /// `additional_includes:` — paths that must stay inside the flow folder.
    mutating func parseAdditionalIncludes(_ node: Yams.Node?) -> [String] {
        var includes: [String] = []
        for item in sequence(node, "additional_includes") {
            guard let path = string(item, "an additional_includes entry") else { continue }
            let hint =
                " (Flowgate treats flows as untrusted and does not include files from outside; copy the file into the flow folder)"
            if let path = checkedPath(path, "additional_includes entry", at: item, hint: hint) { includes.append(path) }
        }
        return includes
    }
}
