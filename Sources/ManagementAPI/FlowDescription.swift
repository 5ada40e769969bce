import FlowServer
import FlowSpec
import Foundation
import Platform

/// A loaded flow as the console draws and tests it: kind, chat flags, typed inputs (defaults, enums), outputs,
/// DAG nodes with their bindings, activate conditions and aggregation marks, the edges between nodes, and a sample.
/// Bindings are written back as promptflow spells them (`${inputs.question}`, `${node.output.answer}`).
enum FlowDescription {
    /// The JSON of `GET .../flow`. `variant` (`${node.variant_id}`) is the variant a deployment serves.
    static func json(_ flow: Flow, variant: String? = nil) -> FlowValue {
        var flow = flow
        if let variant, let selection = try? flow.variantSelection(variant) {
            flow.nodeVariants[selection.node]?.defaultVariantID = selection.variant
        }
        var json: FlowObject = [
            "name": JSONBody.text(name(flow)),
            "kind": .string(kind(flow.kind)),
            "flow_type": .string(flow.kind.rawValue),
            "file": .string(flow.file),
            "description": JSONBody.text(flow.metadata.description ?? flow.prompty?.description),
            "is_chat": .bool(flow.kind == .chat || flow.chatInput != nil),
            "inputs": .list(flow.inputs.map(input)),
            "outputs": .list(flow.outputs.map(output)),
            "nodes": .list(flow.nodes.map { node(flow, $0) }),
            "edges": .list(edges(flow)),
        ]
        if let prompty = flow.prompty {
            json["prompty"] = [
                "api": .string(prompty.model.api.rawValue),
                "model_type": JSONBody.text(prompty.model.configuration["type"]?.stringValue),
            ]
        }
        if let flex = flow.flex {
            json["entry"] = .string(flex.entry)
        }
        if let sample = sample(flow) { json["sample"] = sample }
        return .object(json)
    }

    /// The flow's `display_name` (a prompty's `name`), else its folder's name unless that is a snapshot's hash
    /// (an uploaded folder's own name is not kept); nil when none is known.
    static func name(_ flow: Flow) -> String? {
        if let name = flow.metadata.displayName ?? flow.prompty?.name, !name.isEmpty { return name }
        return FlowSnapshot.isValidID(flow.name) ? nil : flow.name
    }

    /// `dag` for standard, chat and evaluation flows (flow.dag.yaml), else `prompty` or `flex`.
    static func kind(_ kind: FlowKind) -> String {
        switch kind {
        case .standard, .chat, .evaluation: "dag"
        case .prompty: "prompty"
        case .flex: "flex"
        }
    }

    private static func input(_ input: FlowInput) -> FlowValue {
        var json: FlowObject = [
            "name": .string(input.name),
            "type": .string(input.type.rawValue),
            "default": input.defaultValue ?? .null,
            "required": .bool(input.isRequired),
            "is_chat_input": .bool(input.isChatInput),
            "is_chat_history": .bool(input.isChatHistory),
        ]
        if let description = input.description { json["description"] = .string(description) }
        if let values = input.enumValues { json["enum"] = .list(values) }
        return .object(json)
    }

    private static func output(_ output: FlowOutput) -> FlowValue {
        var json: FlowObject = [
            "name": .string(output.name),
            "type": .string((output.type ?? .object).rawValue),
            "reference": binding(output.reference),
            "is_chat_output": .bool(output.isChatOutput),
            "served": .bool(output.isServed && !output.evaluationOnly),
        ]
        if let description = output.description { json["description"] = .string(description) }
        return .object(json)
    }

    /// A node as serving runs it: a `use_variants` node shows its default variant's definition and lists its variants.
    private static func node(_ flow: Flow, _ declared: Node) -> FlowValue {
        let node = flow.resolvedNode(declared.name) ?? declared
        var json: FlowObject = [
            "name": .string(declared.name),
            "type": .string(node.kind?.rawValue ?? "unknown"),
            "inputs": .object(FlowObject(node.inputs.map { ($0.name, binding($0.binding)) })),
            "aggregation": .bool(declared.aggregation || node.aggregation),
            "use_variants": .bool(declared.useVariants),
        ]
        if let source = node.source { json["source"] = self.source(source) }
        if let connection = node.connection { json["connection"] = .string(connection) }
        if let api = node.api { json["api"] = .string(api.rawValue) }
        if let activate = node.activate ?? declared.activate {
            json["activate"] = ["when": binding(activate.when), "is": activate.value]
        }
        if declared.useVariants, let variants = flow.nodeVariants[declared.name] {
            json["default_variant"] = .string(variants.defaultVariantID)
            json["variants"] = .list(variants.variants.map { .string($0.id) })
        }
        return .object(json)
    }

    private static func source(_ source: Node.Source) -> FlowValue {
        switch source {
        case .code(let path): ["type": "code", "path": .string(path)]
        case .package(let tool): ["type": "package", "tool": .string(tool)]
        case .packageWithPrompt(let tool, let path):
            ["type": "package_with_prompt", "tool": .string(tool), "path": JSONBody.text(path)]
        }
    }

    /// One edge per node a node waits for: `input` when an input binding reads it, `activate` when only the
    /// activate condition does (the console draws those dashed). Nodes in YAML order, dependencies in binding order.
    private static func edges(_ flow: Flow) -> [FlowValue] {
        var edges: [FlowValue] = []
        for declared in flow.nodes {
            let node = flow.resolvedNode(declared.name) ?? declared
            let fromInputs = node.inputs.compactMap(\.binding.referencedNode)
            var seen: Set<String> = []
            for dependency in fromInputs where seen.insert(dependency).inserted {
                edges.append(["from": .string(dependency), "to": .string(declared.name), "kind": "input"])
            }
            let activate = node.activate ?? declared.activate
            if let dependency = activate?.when.referencedNode, seen.insert(dependency).inserted {
                edges.append(["from": .string(dependency), "to": .string(declared.name), "kind": "activate"])
            }
        }
        return edges
    }

    /// A binding as promptflow writes it; a literal stays the value it is.
    static func binding(_ binding: Binding) -> FlowValue {
        switch binding {
        case .literal(let value): value
        case .flowInput(let name): .string("${inputs.\(name)}")
        case .nodeOutput(let node, let path): .string("${\(node).output\(path.map(\.description).joined())}")
        case .nodeVariant(let node, let variant): .string("${\(node).\(variant)}")
        }
    }

    /// Example inputs: a DAG flow's first `samples.json` entry, a prompty's inline `sample`, a flex flow's
    /// `sample.inputs`; nil when the flow has none (or names a sample file, which the console does not need).
    private static func sample(_ flow: Flow) -> FlowValue? {
        switch flow.kind {
        case .prompty:
            if case .object(let sample)? = flow.prompty?.sample { return .object(sample) }
            return nil
        case .flex:
            return flow.flex?.sample?.objectValue?["inputs"]
        case .standard, .chat, .evaluation:
            guard let samples = try? SwaggerDocument.loadSamples(flowDirectory: flow.directory),
                case .list(let list) = samples, let first = list.first
            else { return nil }
            return first
        }
    }
}
