import FlowSpec
import Foundation

extension FlowExecutor {
    /// Runs the flow once. `inputs` are parsed and completed with defaults; `variant` (`${node.variant_id}`)
    /// swaps one node's definition; with `stream`, an llm node or generator tool that feeds one flow output
    /// directly hands its chunks over as they come (`FlowRunResult.stream`), else every output is a value.
    ///
    /// Throws `FlowRunError` (user or system, with the record so far) or `CancellationError` when the calling
    /// task is cancelled, which also cancels in-flight LLM and Python calls.
    public func run(
        inputs given: FlowObject, runID: String = UUID().uuidString, variant: String? = nil, stream: Bool = false
    ) async throws -> FlowRunResult {
        let start = Date()
        if let flex {
            return try await runFlex(flex, inputs: given, runID: runID, stream: stream, start: start)
        }
        let plan = try self.plan(variant: variant)
        let inputs = try FlowInputParser.parse(given, for: flow.inputs)
        if let prompty {
            return try await runPrompty(prompty, inputs: inputs, runID: runID, stream: stream, start: start)
        }
        var line = LineRun(
            runID: runID, inputs: inputs, stream: stream, limit: nodeConcurrency,
            nodes: lineNodes.compactMap { plan[$0] })
        do {
            try await line.execute()
        } catch var error as FlowRunError {
            error.record = FlowRunRecord(
                runID: runID, status: .failed, variant: variant, inputs: inputs, nodes: line.records,
                startTime: start, endTime: Date(), error: error.message)
            throw error
        }
        var outputs = FlowObject()
        var streamed: FlowRunResult.StreamedOutput?
        for output in flow.outputs {
            switch output.reference {
            case .nodeOutput(let node, let path):
                if plan[node]?.definition.aggregation ?? false { continue }
                if path.isEmpty, let chunks = line.streams[node] {
                    streamed = FlowRunResult.StreamedOutput(
                        name: output.name, chunks: chunks, usage: line.streamUsages[node], node: node)
                    continue
                }
                do {
                    outputs[output.name] = try line.value(of: output.reference)
                } catch var error {
                    error.record = FlowRunRecord(
                        runID: runID, status: .failed, variant: variant, inputs: inputs, nodes: line.records,
                        startTime: start, endTime: Date(), error: error.message)
                    throw error
                }
            case .flowInput(let name):
                outputs[output.name] = inputs[name] ?? .null
            case .literal(let value):
                outputs[output.name] = value
            case .nodeVariant:
                continue
            }
        }
        let record = FlowRunRecord(
            runID: runID, status: .completed, variant: variant, inputs: inputs, outputs: outputs, nodes: line.records,
            startTime: start, endTime: Date())
        return FlowRunResult(outputs: outputs, stream: streamed, record: record)
    }

    /// A prompty flow's run: one call, recorded as one node named after the file. A dict answer is the outputs;
    /// any other answer is `FlowRunResult.bareOutput` (served as a bare JSON value) and the `output` output.
    func runPrompty(
        _ prompty: PromptyRunner, inputs: FlowObject, runID: String, stream: Bool, start: Date
    ) async throws -> FlowRunResult {
        let name = prompty.spec.name ?? flow.name
        let callStart = Date()
        let output: ToolOutput
        do {
            output = try await prompty.invoke(inputs, stream: stream && prompty.streams)
        } catch let error as CancellationError {
            throw error
        } catch {
            var failure = LineRun.failure(error, node: name)
            let node = NodeRunRecord(
                node: name, status: .failed, startTime: callStart, endTime: Date(), inputs: inputs,
                error: failure.message)
            failure.record = FlowRunRecord(
                runID: runID, status: .failed, inputs: inputs, nodes: [node], startTime: start, endTime: Date(),
                error: failure.message)
            throw failure
        }
        let node = NodeRunRecord(
            node: name, status: .completed, startTime: callStart, endTime: Date(), inputs: inputs, usage: output.usage,
            model: output.model)
        return Self.singleCallResult(output.value, usage: output.streamUsage, node: node, runID: runID, start: start)
    }

    /// The result of a flow that is one call (prompty, flex), recorded as one node: a dict answer is the outputs
    /// in its order; any other value is `bareOutput` and the `output` output; chunks are the `output` stream.
    static func singleCallResult(
        _ value: NodeValue, usage: StreamUsage?, node: NodeRunRecord, runID: String, start: Date
    ) -> FlowRunResult {
        var node = node
        var outputs = FlowObject()
        var streamed: FlowRunResult.StreamedOutput?
        var bare: FlowValue?
        switch value {
        case .stream(let chunks):
            node.isStreamed = true
            streamed = FlowRunResult.StreamedOutput(name: "output", chunks: chunks, usage: usage, node: node.node)
        case .value(let value):
            node.output = value
            if case .object(let object) = value {
                outputs = object
            } else {
                outputs["output"] = value
                bare = value
            }
        }
        let record = FlowRunRecord(
            runID: runID, status: .completed, inputs: node.inputs, outputs: outputs, nodes: [node], startTime: start,
            endTime: Date())
        return FlowRunResult(outputs: outputs, stream: streamed, record: record, bareOutput: bare)
    }

    /// Runs one node by itself (`flowgate flow test --node`): `inputs` name the node's inputs; an input not given
    /// takes its literal, or the flow input's value or default it is bound to. Other node references must be given.
    public func runNode(_ name: String, inputs given: FlowObject, variant: String? = nil) async throws -> NodeRunRecord
    {
        let plan = try self.plan(variant: variant)
        guard let node = plan[name] else { throw FlowRunError.user("The flow has no node '\(name)'.") }
        var arguments = FlowObject()
        for input in node.inputs {
            if let value = given[input.name] {
                arguments[input.name] = try node.tool.coerce(value, for: input.name)
                continue
            }
            switch input.binding {
            case .literal(let value):
                arguments[input.name] = value
            case .flowInput(let flowInput):
                if let value = given[flowInput] ?? flow.input(flowInput)?.defaultValue {
                    arguments[input.name] = value
                } else {
                    throw FlowRunError.user(
                        "Input '\(input.name)' of node '\(name)' is bound to flow input '\(flowInput)'; give it with "
                            + "--inputs \(input.name)=... or \(flowInput)=...")
                }
            case .nodeOutput, .nodeVariant:
                throw FlowRunError.user(
                    "Input '\(input.name)' of node '\(name)' comes from another node; give it with --inputs "
                        + "\(input.name)=...")
            }
        }
        let invocation = ToolInvocation(
            node: name, stream: false, flowInputParameters: node.flowInputParameters, escapedPrompts: [:])
        let start = Date()
        do {
            let output = try await node.tool.invoke(arguments, invocation)
            let value = try await output.value.joined()
            return NodeRunRecord(
                node: name, status: .completed, startTime: start, endTime: Date(), inputs: arguments, output: value,
                usage: output.usage, model: output.model)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw LineRun.failure(error, node: name)
        }
    }
}
