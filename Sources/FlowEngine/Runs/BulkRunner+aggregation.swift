import FlowSpec
import Foundation

extension BulkRunner {
    /// The aggregation nodes' outputs and logged metrics.
    struct Aggregation {
        var outputs = FlowObject()
        var metrics = FlowObject()
    }

    /// Runs each aggregation node once, in dependency order, with every reference to a line value replaced by the
    /// list of that value over the lines that completed (promptflow's `_get_aggregation_inputs`: failed lines are
    /// left out, flow inputs are the parsed ones).
    func aggregate(_ lines: [BulkRunLineResult]) async throws -> Aggregation {
        let plan = try executor.plan(variant: variant)
        var pending = executor.flow.nodes.compactMap { plan[$0.name] }.filter(\.definition.aggregation)
        var result = Aggregation()
        guard !pending.isEmpty else { return result }
        let succeeded = lines.compactMap { $0.succeeded ? $0.record : nil }
        let aggregationNames = Set(pending.map(\.name))
        while !pending.isEmpty {
            guard
                let index = pending.firstIndex(where: { node in
                    node.dependencies.allSatisfy { !aggregationNames.contains($0) || result.outputs[$0] != nil }
                })
            else {
                throw FlowRunError.user(
                    "Aggregation nodes \(pending.map(\.name).joined(separator: ", ")) depend on each other in a cycle.")
            }
            let node = pending.remove(at: index)
            try Task.checkCancellation()
            var arguments = FlowObject()
            for input in node.inputs {
                arguments[input.name] = try value(
                    of: input.binding, lines: succeeded, aggregated: result.outputs, aggregationNodes: aggregationNames)
            }
            let (output, metrics) = try await invoke(node, arguments: arguments)
            result.outputs[node.name] = output
            for (key, value) in metrics { result.metrics[key] = value }
        }
        return result
    }

    /// One aggregation input's value.
    func value(
        of binding: Binding, lines: [FlowRunRecord], aggregated: FlowObject, aggregationNodes: Set<String>
    ) throws(FlowRunError) -> FlowValue {
        switch binding {
        case .literal(let value):
            return value
        case .flowInput(let name):
            return .list(lines.map { $0.inputs[name] ?? .null })
        case .nodeOutput(let node, let path):
            if aggregationNodes.contains(node) {
                return try ReferencePath.resolve(path, in: aggregated[node] ?? .null, node: node)
            }
            var values: [FlowValue] = []
            values.reserveCapacity(lines.count)
            for line in lines {
                guard let record = line.node(node), record.status == .completed, let output = record.output else {
                    values.append(.null)
                    continue
                }
                values.append(try ReferencePath.resolve(path, in: output, node: node))
            }
            return .list(values)
        case .nodeVariant(let node, let variant):
            throw .user("'${\(node).\(variant)}' names a variant; it cannot be used as a value.")
        }
    }

    /// Calls the node's tool; a python tool's `log_metric` calls come back as metrics (`key.variant_id` when a
    /// variant id was given, as promptflow names them).
    func invoke(_ node: PreparedNode, arguments: FlowObject) async throws -> (FlowValue, [(String, FlowValue)]) {
        do {
            if let python = node.tool as? PythonTool {
                var all = arguments
                for (name, value) in python.connectionArguments { all[name] = value }
                var bytes: [UInt8] = []
                FlowValue.object(all).writeJSON(.compact, into: &bytes)
                let call = try await python.runner.call(tool: python.path, arguments: Data(bytes), timeout: python.timeout)
                let value = try FlowValue(jsonBytes: [UInt8](call.value))
                let metrics = call.metrics.map { metric -> (String, FlowValue) in
                    let key = metric.variantID.map { "\(metric.key).\($0)" } ?? metric.key
                    let parsed = (try? FlowValue(jsonBytes: [UInt8](metric.value))) ?? .string(String(decoding: metric.value, as: UTF8.self))
                    return (key, parsed)
                }
                return (value, metrics)
            }
            let invocation = ToolInvocation(
                node: node.name, stream: false, flowInputParameters: [], escapedPrompts: [:])
            let output = try await node.tool.invoke(arguments, invocation)
            return (try await output.value.joined(), [])
        } catch let error as CancellationError {
            throw error
        } catch {
            throw LineRun.failure(error, node: node.name)
        }
    }
}
