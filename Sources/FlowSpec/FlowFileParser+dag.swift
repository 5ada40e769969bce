import Foundation
import Yams

extension FlowFileParser {
    /// Builds a DAG flow from `flow.dag.yaml`'s root, then checks references, aggregation rules and cycles.
    mutating func parseDAG(_ root: Yams.Node?, name: String) throws(FlowValidationError) -> Flow {
        guard let root, root.pairs != nil else {
            let location = diagnostics.location(of: root)
            throw FlowValidationError(diagnostics: [
                Diagnostic(
                    file: file, line: location?.line, column: location?.column,
                    message: "the flow file must be a YAML mapping with inputs, outputs and nodes")
            ])
        }
        var flow = Flow(kind: .standard, name: name, directory: directory, file: file)
        flow.metadata = parseMetadata(root)
        flow.inputs = parseInputs(root.value(for: "inputs"))
        let outputs = parseOutputs(root.value(for: "outputs"), requireReference: true)

        var parsedNodes: [ParsedNode] = []
        var firstLine: [String: Int] = [:]
        for (index, item) in sequence(root.value(for: "nodes"), "nodes").enumerated() {
            guard let parsed = parseNode(item, index: index) else { continue }
            if let line = firstLine[parsed.node.name] {
                diagnostics.add(
                    "node name '\(parsed.node.name)' is used more than once (first defined at line \(line)); node names must be unique",
                    at: parsed.nameNode ?? item)
                continue
            }
            firstLine[parsed.node.name] = parsed.node.location?.line ?? 0
            parsedNodes.append(parsed)
        }
        flow.nodes = parsedNodes.map(\.node)

        var variantNodes: [ParsedNode] = []
        for (keyNode, valueNode) in mapping(root.value(for: "node_variants"), "node_variants") {
            let nodeName = keyNode.scalarText ?? keyNode.flowValue.description
            guard let owner = flow.node(nodeName) else {
                diagnostics.add("node_variants has an entry for unknown node '\(nodeName)'", at: keyNode)
                continue
            }
            if !owner.useVariants {
                diagnostics.warn(
                    "node_variants has an entry for node '\(nodeName)', which does not set use_variants: true; the variants are unused",
                    at: keyNode)
            }
            if let (variants, parsed) = parseVariants(valueNode, nodeName: nodeName, keyNode: keyNode) {
                flow.nodeVariants[nodeName] = variants
                variantNodes += parsed
            }
        }
        for parsed in parsedNodes where parsed.node.useVariants && flow.nodeVariants[parsed.node.name] == nil {
            if root.value(for: "node_variants")?.value(for: parsed.node.name) == nil {
                diagnostics.add(
                    "node '\(parsed.node.name)' sets use_variants: true, but node_variants has no entry for it",
                    at: parsed.nameNode)
            }
        }

        checkReferences(parsedNodes + variantNodes, flow: flow)
        flow.outputs = checkOutputs(outputs, flow: flow)
        flow.environment = parseEnvironment(root.value(for: "environment"))
        flow.environmentVariables = object(root.value(for: "environment_variables"), "environment_variables")
        flow.additionalIncludes = parseAdditionalIncludes(root.value(for: "additional_includes"))

        let graph = DependencyGraph(
            nodes: flow.nodes.map { node in
                let definitions =
                    node.useVariants ? (flow.nodeVariants[node.name]?.variants.map(\.node) ?? []) + [node] : [node]
                var dependencies: [String] = []
                for definition in definitions {
                    for name in definition.dependencies where !dependencies.contains(name) { dependencies.append(name) }
                }
                return (node.name, dependencies)
            })
        flow.executionOrder = graph.executionOrder
        for cycle in graph.cycles {
            let path = cycle.map { "'\($0)'" }.joined(separator: " -> ")
            let at = parsedNodes.first { $0.node.name == cycle[0] }?.nameNode
            diagnostics.add("nodes \(path) form a cycle; a node cannot depend on its own output", at: at)
        }

        if flow.metadata.type == "evaluation" {
            flow.kind = .evaluation
        } else if flow.metadata.type == "chat" || flow.inputs.contains(where: \.isChatInput) {
            flow.kind = .chat
        } else if flow.nodes.contains(where: \.aggregation) {
            flow.kind = .evaluation
        }
        flow.warnings = diagnostics.warnings
        try diagnostics.throwIfAny()
        return flow
    }

    private mutating func parseMetadata(_ root: Yams.Node) -> FlowMetadata {
        var metadata = FlowMetadata()
        metadata.schema = string(root.value(for: "$schema"), "$schema")
        metadata.type = string(root.value(for: "type"), "type")
        metadata.description = string(root.value(for: "description"), "description")
        metadata.displayName = string(root.value(for: "display_name"), "display_name")
        metadata.tags = object(root.value(for: "tags"), "tags")
        metadata.language = string(root.value(for: "language"), "language")
        metadata.messageFormat = string(root.value(for: "message_format"), "message_format")
        if let typeNode = root.value(for: "type"), let type = metadata.type,
            !["standard", "chat", "evaluation"].contains(type)
        {
            diagnostics.add("the flow type '\(type)' is unknown; expected standard, chat or evaluation", at: typeNode)
        }
        return metadata
    }

    private mutating func parseVariants(_ yaml: Yams.Node, nodeName: String, keyNode: Yams.Node) -> (
        NodeVariants, [ParsedNode]
    )? {
        guard yaml.pairs != nil else {
            diagnostics.add(
                "node_variants '\(nodeName)' must be a mapping with default_variant_id and variants", at: yaml)
            return nil
        }
        var variants = NodeVariants(nodeName: nodeName, defaultVariantID: "", variants: [])
        var parsedNodes: [ParsedNode] = []
        let variantsNode = yaml.value(for: "variants")
        let entries = mapping(variantsNode, "variants of node_variants '\(nodeName)'")
        if entries.isEmpty {
            diagnostics.add(
                "node_variants '\(nodeName)' has no variants; add `variants:` with at least one `<id>: {node: …}`",
                at: variantsNode ?? keyNode)
        }
        for (index, (idNode, variantNode)) in entries.enumerated() {
            let id = idNode.scalarText ?? idNode.flowValue.description
            guard let nodeYAML = variantNode.value(for: "node") else {
                diagnostics.add("variant '\(id)' of node '\(nodeName)' has no `node:` definition", at: idNode)
                continue
            }
            guard let parsed = parseNode(nodeYAML, index: index, forcedName: nodeName, variantID: id) else { continue }
            let description = string(variantNode.value(for: "description"), "the description of variant '\(id)'")
            variants.variants.append(NodeVariants.Variant(id: id, node: parsed.node, description: description))
            parsedNodes.append(parsed)
        }
        let defaultNode = yaml.value(for: "default_variant_id")
        if let id = string(defaultNode, "default_variant_id of node_variants '\(nodeName)'") {
            variants.defaultVariantID = id
            if !entries.isEmpty && !entries.contains(where: { $0.key.scalarText == id }) {
                let known = entries.compactMap { $0.key.scalarText }.joined(separator: ", ")
                diagnostics.add(
                    "default_variant_id '\(id)' of node '\(nodeName)' is not one of its variants: \(known)",
                    at: defaultNode)
            }
        } else {
            diagnostics.add(
                "node_variants '\(nodeName)' has no default_variant_id; name the variant serving uses", at: keyNode)
        }
        return (variants, parsedNodes)
    }

    /// Node input and activate references: unknown inputs, nodes, variants, and aggregation misuse.
    private mutating func checkReferences(_ parsedNodes: [ParsedNode], flow: Flow) {
        let inputNames = Set(flow.inputs.map(\.name))
        let aggregationNodes = Set(flow.nodes.filter(\.aggregation).map(\.name))
        for parsed in parsedNodes {
            let label = parsed.label
            var checks: [(what: String, binding: Binding, at: Yams.Node?)] = parsed.node.inputs.map {
                ("\(label) input '\($0.name)'", $0.binding, parsed.inputNodes[$0.name])
            }
            if let activate = parsed.node.activate {
                checks.append(("activate 'when' of \(label)", activate.when, parsed.whenNode))
            }
            for (index, check) in checks.enumerated() {
                let isActivate = parsed.node.activate != nil && index == checks.count - 1
                switch check.binding {
                case .literal:
                    break
                case .flowInput(let name):
                    if !inputNames.contains(name) {
                        diagnostics.add("\(check.what) references unknown flow input '\(name)'", at: check.at)
                    }
                case .nodeOutput(let target, _), .nodeVariant(let target, _):
                    guard flow.node(target) != nil else {
                        diagnostics.add("\(check.what) references unknown node '\(target)'", at: check.at)
                        continue
                    }
                    if case .nodeVariant(_, let section) = check.binding {
                        diagnostics.add(
                            variantMessage(check.what, target: target, section: section, flow: flow), at: check.at)
                        continue
                    }
                    if !parsed.node.aggregation && aggregationNodes.contains(target) {
                        diagnostics.add(
                            "\(check.what) references aggregation node '\(target)'; only aggregation nodes can use an aggregation node's output",
                            at: check.at)
                    } else if parsed.node.aggregation && isActivate && !aggregationNodes.contains(target) {
                        diagnostics.add(
                            "\(check.what) references non-aggregation node '\(target)'; an aggregation node can only be activated by a flow input or another aggregation node",
                            at: check.at)
                    }
                }
            }
        }
    }

    private func variantMessage(_ what: String, target: String, section: String, flow: Flow) -> String {
        if flow.nodeVariants[target]?.variant(section) != nil {
            return
                "\(what) references variant '\(section)' of node '\(target)'; inputs can only reference a node's output (${\(target).output}); a run selects variants"
        }
        return
            "\(what) references '\(section)' of node '\(target)'; only a node's output can be referenced (${\(target).output})"
    }

    /// Output references: unknown inputs and nodes are errors; aggregation nodes make the output unserved.
    private mutating func checkOutputs(_ outputs: [(output: FlowOutput, referenceNode: Yams.Node?)], flow: Flow)
        -> [FlowOutput]
    {
        let inputNames = Set(flow.inputs.map(\.name))
        var result: [FlowOutput] = []
        for (output, at) in outputs {
            var output = output
            let what = "output '\(output.name)'"
            switch output.reference {
            case .literal:
                break
            case .flowInput(let name):
                if !inputNames.contains(name) {
                    diagnostics.add("\(what) references unknown flow input '\(name)'", at: at)
                }
            case .nodeOutput(let target, _), .nodeVariant(let target, _):
                guard let node = flow.node(target) else {
                    diagnostics.add("\(what) references unknown node '\(target)'", at: at)
                    break
                }
                if case .nodeVariant(_, let section) = output.reference {
                    diagnostics.add(variantMessage(what, target: target, section: section, flow: flow), at: at)
                } else if node.aggregation {
                    output.isServed = false
                    diagnostics.warn(
                        "\(what) references aggregation node '\(target)'; aggregation nodes do not run when serving, so this output is left out",
                        at: at)
                }
            }
            result.append(output)
        }
        return result
    }
}
