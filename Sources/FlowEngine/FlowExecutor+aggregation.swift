import FlowSpec
import Foundation
import PythonHost

extension FlowExecutor {
    /// Runs the aggregation nodes once over a bulk run's lines (promptflow's `exec_aggregation`): every reference
    /// to a flow input or a line node becomes the list of that value over the completed lines (failed lines are
    /// left out), references between aggregation nodes stay values. `activate` and bypassing work as in a line, with
    /// `when` read the same way. A flex class entry's `__aggregate__` gets the list of line outputs and its dict is
    /// the metrics. Throws `FlowRunError` when a node fails (the message names it), `CancellationError` if cancelled.
    public func runAggregation(lines: [FlowRunRecord], variant: String? = nil) async throws -> FlowAggregationResult {
        let lines = lines.filter { $0.status == .completed }
        if let flex { return try await aggregateFlex(flex, lines: lines) }
        let plan = try self.plan(variant: variant)
        var pending = flow.nodes.compactMap { plan[$0.name] }.filter(\.definition.aggregation)
        var state = AggregationState(lines: lines, names: Set(pending.map(\.name)))
        while !pending.isEmpty {
            guard let index = pending.firstIndex(where: { $0.dependencies.allSatisfy(state.isSettled) }) else {
                throw FlowRunError.user(
                    "Aggregation nodes \(pending.map(\.name).joined(separator: ", ")) depend on each other in a cycle.")
            }
            let node = pending.remove(at: index)
            try Task.checkCancellation()
            let start = Date()
            if try state.isBypassed(node) {
                state.bypassed.insert(node.name)
                state.result.nodes.append(
                    NodeRunRecord(node: node.name, status: .bypassed, startTime: start, endTime: start))
                continue
            }
            var arguments = FlowObject()
            for input in node.inputs {
                if let source = input.binding.referencedNode, state.bypassed.contains(source) {
                    if !node.tool.hasDefault(input.name) { arguments[input.name] = .null }
                    continue
                }
                arguments[input.name] = try state.value(of: input.binding)
            }
            let output: ToolOutput
            do {
                let invocation = ToolInvocation(
                    node: node.name, stream: false, flowInputParameters: [], escapedPrompts: [:])
                output = try await node.tool.invoke(arguments, invocation)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw LineRun.failure(error, node: node.name)
            }
            let value = try await output.value.joined()
            state.result.outputs[node.name] = value
            for metric in output.metrics {
                let key = metric.variantID.map { "\(metric.key).\($0)" } ?? metric.key
                state.result.metrics[key] =
                    (try? FlowValue(jsonBytes: [UInt8](metric.value)))
                    ?? .string(String(decoding: metric.value, as: UTF8.self))
            }
            state.result.nodes.append(
                NodeRunRecord(
                    node: node.name, status: .completed, startTime: start, endTime: Date(), inputs: arguments,
                    output: value, usage: output.usage, model: output.model))
        }
        return state.result
    }

    /// A flex class entry's `__aggregate__(outputs)`: its dict result is the metrics (promptflow logs each key).
    /// As in promptflow, a failing `__aggregate__` leaves the run with empty metrics (its record keeps the error).
    func aggregateFlex(_ flex: FlexRunner, lines: [FlowRunRecord]) async throws -> FlowAggregationResult {
        guard flex.signature.aggregateParameter != nil else { return FlowAggregationResult() }
        let outputs = FlowValue.list(lines.map { $0.nodes.first?.output ?? .object($0.outputs) })
        let start = Date()
        do {
            let value = try await flex.aggregate(outputs)
            let record = NodeRunRecord(
                node: "__aggregate__", status: .completed, startTime: start, endTime: Date(), output: value)
            return FlowAggregationResult(metrics: value.objectValue ?? [:], nodes: [record])
        } catch let error as CancellationError {
            throw error
        } catch {
            let record = NodeRunRecord(
                node: "__aggregate__", status: .failed, startTime: start, endTime: Date(),
                error: flex.failure(error, function: "__aggregate__").message)
            return FlowAggregationResult(nodes: [record])
        }
    }
}

/// The aggregation of one bulk run while it runs: the completed lines, the aggregation nodes done or bypassed.
struct AggregationState {
    let lines: [FlowRunRecord]
    /// The names of all aggregation nodes.
    let names: Set<String>
    var bypassed: Set<String> = []
    var result = FlowAggregationResult()

    init(lines: [FlowRunRecord], names: Set<String>) {
        self.lines = lines
        self.names = names
    }

    /// A dependency that is a line node is always settled; an aggregation node once it ran or was bypassed.
    func isSettled(_ node: String) -> Bool {
        !names.contains(node) || result.outputs[node] != nil || bypassed.contains(node)
    }

    /// promptflow's DAG rule over the aggregation nodes: with `activate`, the condition decides (a bypassed `when`
    /// node bypasses); without, the node is bypassed when all its aggregation-node inputs were bypassed.
    func isBypassed(_ node: PreparedNode) throws -> Bool {
        if let activate = node.definition.activate {
            if let reference = activate.when.referencedNode, bypassed.contains(reference) { return true }
            return !(try value(of: activate.when)).pythonEquals(activate.value)
        }
        let references = node.definition.inputs.compactMap(\.binding.referencedNode).filter(names.contains)
        return !references.isEmpty && references.allSatisfy(bypassed.contains)
    }

    /// One value as an aggregation node sees it.
    func value(of binding: Binding) throws(FlowRunError) -> FlowValue {
        switch binding {
        case .literal(let value):
            return value
        case .flowInput(let name):
            return .list(lines.map { $0.inputs[name] ?? .null })
        case .nodeOutput(let node, let path):
            if names.contains(node) {
                return try ReferencePath.resolve(path, in: result.outputs[node] ?? .null, node: node)
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
}
