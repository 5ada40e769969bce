import Foundation
import Yams

extension FlowFileParser {
    /// Builds a flex flow from `flow.flex.yaml`'s root: the entry, init parameters and optional signature.
    mutating func parseFlex(_ root: Yams.Node?, name: String) throws(FlowValidationError) -> Flow {
        guard let root, root.pairs != nil else {
            let location = diagnostics.location(of: root)
            throw FlowValidationError(diagnostics: [
                Diagnostic(
                    file: file, line: location?.line, column: location?.column,
                    message: "the flex flow file must be a YAML mapping with an entry")
            ])
        }
        var flow = Flow(kind: .flex, name: name, directory: directory, file: file)
        var spec = FlexSpec(file: file, entry: "", module: "", attribute: "")
        let entryNode = root.value(for: "entry")
        if let entry = string(entryNode, "entry") {
            spec.entry = entry
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            let isIdentifier: (Substring) -> Bool = { part in
                guard let first = part.first, first.isLetter || first == "_" else { return false }
                return part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            }
            if parts.count == 2, !parts[0].isEmpty,
                parts[0].split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier),
                isIdentifier(parts[1])
            {
                spec.module = String(parts[0])
                spec.attribute = String(parts[1])
                checkEntryModule(spec.module, at: entryNode)
            } else {
                diagnostics.add(
                    "entry '\(entry)' must look like module:function or module:Class (for example `entry: flow:chat`)",
                    at: entryNode)
            }
        } else if entryNode == nil || entryNode?.flowValue == .null {
            diagnostics.add(
                "the flex flow has no entry; add `entry: module:function` or `entry: module:Class`", at: root)
        }
        for (keyNode, valueNode) in mapping(root.value(for: "init"), "init") {
            let parameter = keyNode.scalarText ?? keyNode.flowValue.description
            if let type = valueNode.scalarText, valueNode.pairs == nil {
                spec.initParameters.append(FlexSpec.InitParameter(name: parameter, type: type))
                continue
            }
            guard valueNode.pairs != nil else {
                diagnostics.add("init parameter '\(parameter)' must be a mapping with a type", at: valueNode)
                continue
            }
            guard let typeNode = valueNode.value(for: "type"),
                let type = string(typeNode, "the type of init parameter '\(parameter)'")
            else {
                diagnostics.add(
                    "init parameter '\(parameter)' has no type; add `type:` (a value type or a connection class name)",
                    at: keyNode)
                continue
            }
            var initParameter = FlexSpec.InitParameter(name: parameter, type: type)
            if let defaultNode = valueNode.value(for: "default"), defaultNode.flowValue != .null {
                initParameter.defaultValue = defaultNode.flowValue
                if let valueType = ValueType(rawValue: type), !valueType.accepts(defaultNode.flowValue) {
                    diagnostics.add(
                        "init parameter '\(parameter)' default \(defaultNode.flowValue) is not a valid \(type)",
                        at: defaultNode)
                }
            }
            spec.initParameters.append(initParameter)
        }
        if let sampleNode = root.value(for: "sample") {
            var references: [String] = []
            spec.sample = parseSample(sampleNode, into: &references)
        }
        flow.inputs = parseInputs(root.value(for: "inputs"))
        flow.outputs = parseOutputs(root.value(for: "outputs"), requireReference: false).map(\.output)
        flow.environment = parseEnvironment(root.value(for: "environment"))
        flow.environmentVariables = object(root.value(for: "environment_variables"), "environment_variables")
        flow.additionalIncludes = parseAdditionalIncludes(root.value(for: "additional_includes"))
        flow.metadata.schema = string(root.value(for: "$schema"), "$schema")
        flow.metadata.description = string(root.value(for: "description"), "description")
        flow.metadata.displayName = string(root.value(for: "display_name"), "display_name")
        flow.flex = spec
        flow.warnings = diagnostics.warnings
        try diagnostics.throwIfAny()
        return flow
    }

    /// The entry module, if it is a file in the folder, must not escape it; otherwise it must be installed.
    private mutating func checkEntryModule(_ module: String, at node: Yams.Node?) {
        let base = module.replacingOccurrences(of: ".", with: "/")
        for candidate in [base + ".py", base + "/__init__.py"] {
            let full = directory.appendingPathComponent(candidate).path
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) != nil
            if exists || isLink {
                _ = checkedPath(candidate, "entry module file", at: node)
                return
            }
        }
        diagnostics.warn(
            "entry module '\(module)' is not a file in the flow folder; it must be importable from the flow's environment",
            at: node)
    }
}
