import FlowSpec
import Foundation
import PythonHost

extension NodePreparer {
    /// A package tool called through the Python worker: `a.b.function` (import `a.b`), or, when that does not
    /// load, `a.b.Class.method` for class-based tools: the class is built once per worker with the node's inputs
    /// that name `__init__` parameters (`connection`, resolved to the connection object), the method called per run.
    func preparePackage(
        _ name: String, node: Node, inputs: [NodeInput], runner: any PythonToolRunner
    ) async throws -> (entry: PythonEntry, signature: ToolSignature, inputs: [NodeInput]) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts.contains(where: \.isEmpty) else {
            throw FlowRunError.user(
                "Node '\(node.name)': package tool '\(name)' is not a dotted module.function path.", node: node.name)
        }
        let function = PythonEntry(entry: parts.dropLast().joined(separator: ".") + ":" + parts[parts.count - 1])
        let functionError: PythonToolError
        do {
            return (function, try await runner.inspect(entry: function).call, inputs)
        } catch let error as PythonToolError where error.phase == .load && parts.count >= 3 {
            functionError = error
        } catch {
            throw Self.packageFailure(error, name, node: node.name)
        }
        var entry = PythonEntry(
            entry: parts.dropLast(2).joined(separator: ".") + ":" + parts[parts.count - 2], method: parts.last)
        let described: EntrySignature
        do {
            described = try await runner.inspect(entry: entry)
        } catch {
            throw Self.packageFailure(functionError, name, node: node.name)
        }
        guard described.isClass else { throw Self.packageFailure(functionError, name, node: node.name) }
        var initArguments = FlowObject()
        var callInputs: [NodeInput] = []
        for input in inputs {
            guard let parameter = described.initParameters.first(where: { $0.name == input.name }) else {
                callInputs.append(input)
                continue
            }
            guard case .literal(let value) = input.binding else {
                throw FlowRunError.user(
                    "Node '\(node.name)': input '\(input.name)' builds the tool's class '\(parts[parts.count - 2])', "
                        + "so it must be a literal value.",
                    node: node.name)
            }
            if case .connection = PythonTool.parameterType(parameter), case .string(let connection) = value {
                initArguments[input.name] = Self.argument(for: try await resolve(connection, node: node.name))
            } else {
                initArguments[input.name] = value
            }
        }
        var bytes: [UInt8] = []
        FlowValue.object(initArguments).writeJSON(.compact, into: &bytes)
        entry.initArguments = Data(bytes)
        do {
            // Built now, so that a failing constructor is a load error naming the node.
            _ = try await runner.inspect(entry: entry)
        } catch {
            throw Self.packageFailure(error, name, node: node.name)
        }
        return (entry, described.call, callInputs)
    }

    /// A `custom_llm` node (`source: {type: package_with_prompt, tool, path}`): the package tool with its
    /// `PromptTemplate` parameter bound to the template file's text, as promptflow binds it; the other inputs are
    /// passed as they are (the tool renders the template with them).
    func prepareCustomLLM(_ node: Node, inputs: [NodeInput]) async throws -> (any NodeTool, [NodeInput]) {
        guard case .packageWithPrompt(let name, let path)? = node.source else {
            throw FlowRunError.user(
                "Node '\(node.name)' is a custom_llm node; give `source: {type: package_with_prompt, tool: …, path: …}`.",
                node: node.name)
        }
        var definition = node
        definition.source = .package(tool: name)
        let (tool, prepared) = try await preparePython(definition, inputs: inputs)
        guard let path, let python = tool as? PythonTool else { return (tool, prepared) }
        guard let data = FileManager.default.contents(atPath: flow.directory.appendingPathComponent(path).path) else {
            throw FlowRunError.user("Node '\(node.name)': cannot read its prompt template '\(path)'.", node: node.name)
        }
        let parameter = python.signature.parameters.first { $0.annotation == "PromptTemplate" }?.name ?? "prompt"
        let template = NodeInput(name: parameter, binding: .literal(.string(String(decoding: data, as: UTF8.self))))
        return (tool, prepared.filter { $0.name != parameter } + [template])
    }

    static func packageFailure(_ error: any Error, _ name: String, node: String) -> FlowRunError {
        let prefix = "Failed to load package tool '\(name)' of node '\(node)': "
        if let error = error as? PythonToolError { return .user(prefix + error.message, node: node) }
        if let error = error as? FlowRunError { return error }
        return .system(prefix + "\(error)", node: node)
    }
}
