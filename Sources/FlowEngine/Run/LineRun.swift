import FlowSpec
import Foundation
import Jinja
import LLM
import PythonHost

/// The state of one single-line run while it executes: which nodes are done, bypassed or pending, and their
/// outputs. Only the run's own task touches it; node tools run as child tasks and report back.
struct LineRun {
    let runID: String
    let inputs: FlowObject
    let stream: Bool
    let limit: Int
    var pending: [PreparedNode]
    var outputs: [String: FlowValue] = [:]
    var streams: [String: ChunkStream] = [:]
    var streamUsages: [String: StreamUsage] = [:]
    var escapedPrompts: [String: EscapedPrompt] = [:]
    var bypassed: Set<String> = []
    var records: [NodeRunRecord] = []

    init(runID: String, inputs: FlowObject, stream: Bool, limit: Int, nodes: [PreparedNode]) {
        self.runID = runID
        self.inputs = inputs
        self.stream = stream
        self.limit = limit
        self.pending = nodes
    }

    /// Runs every node: each starts once its dependencies are done, up to `limit` at a time. While exactly one node
    /// is ready (a linear flow, or its linear start) it runs in this task: a child task per node cost a task and an
    /// executor hop each, for nothing when there is nothing to run beside it.
    mutating func execute() async throws {
        while true {
            try decideBypasses()
            guard let index = soleReadyNode() else { break }
            try Task.checkCancellation()
            let work = try prepare(pending.remove(at: index))
            try await finish(await work())
        }
        if !pending.isEmpty {
            try await withThrowingTaskGroup(of: NodeCompletion.self) { group in
                var running = 0
                try startReadyNodes(in: &group, running: &running)
                while let completion = try await group.next() {
                    running -= 1
                    try await finish(completion)
                    try Task.checkCancellation()
                    try startReadyNodes(in: &group, running: &running)
                }
            }
        }
        if !pending.isEmpty {
            throw FlowRunError.system(
                "Flow execution stalled: nodes \(PythonRepr.repr(strings: pending.map(\.name))) never became ready.")
        }
    }

    /// The index of the only pending node that is ready, when exactly one is.
    func soleReadyNode() -> Int? {
        var found: Int?
        for (index, node) in pending.enumerated() where isReady(node) {
            if found != nil { return nil }
            found = index
        }
        return found
    }

    func isDone(_ node: String) -> Bool {
        outputs[node] != nil || streams[node] != nil || bypassed.contains(node)
    }

    func isReady(_ node: PreparedNode) -> Bool {
        node.dependencies.allSatisfy(isDone)
    }

    /// promptflow's rule: with `activate`, only the condition decides (a bypassed `when` node bypasses this one);
    /// without it, a node is bypassed when it has node-reference inputs and all of them were bypassed.
    func isBypassed(_ node: PreparedNode) throws -> Bool {
        if let activate = node.definition.activate {
            if let reference = activate.when.referencedNode, bypassed.contains(reference) { return true }
            return !(try value(of: activate.when)).pythonEquals(activate.value)
        }
        let references = node.definition.inputs.compactMap(\.binding.referencedNode)
        return !references.isEmpty && references.allSatisfy { bypassed.contains($0) }
    }

    /// Marks every ready node whose condition (or bypassed inputs) says so as bypassed.
    mutating func decideBypasses() throws {
        var decided = true
        while decided {
            decided = false
            for (index, node) in pending.enumerated() where isReady(node) {
                guard try isBypassed(node) else { continue }
                bypassed.insert(node.name)
                let now = Date()
                records.append(NodeRunRecord(node: node.name, status: .bypassed, startTime: now, endTime: now))
                pending.remove(at: index)
                decided = true
                break
            }
        }
    }

    mutating func startReadyNodes(
        in group: inout ThrowingTaskGroup<NodeCompletion, any Error>, running: inout Int
    ) throws {
        try decideBypasses()
        var index = 0
        while index < pending.count && running < limit {
            let node = pending[index]
            guard isReady(node) else {
                index += 1
                continue
            }
            try Task.checkCancellation()
            pending.remove(at: index)
            running += 1
            group.addTask(operation: try prepare(node))
        }
    }

    /// The work of running `node` now: its arguments and invocation taken from the run's state, the tool called,
    /// the result or error timed.
    func prepare(_ node: PreparedNode) throws -> @Sendable () async -> NodeCompletion {
        let arguments = try self.arguments(for: node)
        var prompts: [String: EscapedPrompt] = [:]
        for input in node.inputs {
            if case .nodeOutput(let source, let path) = input.binding, path.isEmpty,
                let prompt = escapedPrompts[source]
            {
                prompts[input.name] = prompt
            }
        }
        let invocation = ToolInvocation(
            node: node.name, stream: stream && node.mayStream, flowInputParameters: node.flowInputParameters,
            escapedPrompts: prompts)
        let tool = node.tool
        return {
            let start = Date()
            let result: Result<ToolOutput, any Error>
            do {
                result = .success(try await tool.invoke(arguments, invocation))
            } catch {
                result = .failure(error)
            }
            return NodeCompletion(
                node: invocation.node, inputs: arguments, startTime: start, endTime: Date(), result: result)
        }
    }

    /// The node's arguments: references resolved, a bypassed reference left out when the parameter has a default
    /// and passed as null otherwise.
    func arguments(for node: PreparedNode) throws -> FlowObject {
        var arguments = FlowObject()
        for input in node.inputs {
            if let reference = input.binding.referencedNode, bypassed.contains(reference) {
                if !node.tool.hasDefault(input.name) { arguments[input.name] = .null }
                continue
            }
            arguments[input.name] = try value(of: input.binding)
        }
        return arguments
    }

    func value(of binding: Binding) throws(FlowRunError) -> FlowValue {
        switch binding {
        case .literal(let value):
            return value
        case .flowInput(let name):
            guard let value = inputs[name] else {
                throw .user(
                    "Flow execution failed. The input '\(name)' is not found from flow inputs "
                        + "'\(inputs.keys.joined(separator: ", "))'. Please check the input name and try again.")
            }
            return value
        case .nodeOutput(let node, let path):
            if bypassed.contains(node) { return .null }
            guard let output = outputs[node] else {
                throw .system("Flow execution failed. The output of node '\(node)' is not available.")
            }
            return try ReferencePath.resolve(path, in: output, node: node)
        case .nodeVariant(let node, let variant):
            throw .user("'${\(node).\(variant)}' names a variant; it cannot be used as a value.")
        }
    }

    mutating func finish(_ completion: NodeCompletion) async throws {
        switch completion.result {
        case .success(let output):
            var record = NodeRunRecord(
                node: completion.node, status: .completed, startTime: completion.startTime,
                endTime: completion.endTime, inputs: completion.inputs, usage: output.usage, model: output.model)
            switch output.value {
            case .value(let value):
                outputs[completion.node] = value
                record.output = value
            case .stream(let chunks):
                streams[completion.node] = chunks
                streamUsages[completion.node] = output.streamUsage
                record.isStreamed = true
            }
            if let prompt = output.escapedPrompt { escapedPrompts[completion.node] = prompt }
            records.append(record)
        case .failure(let error):
            if error is CancellationError { throw error }
            let failure = Self.failure(error, node: completion.node)
            records.append(
                NodeRunRecord(
                    node: completion.node, status: .failed, startTime: completion.startTime,
                    endTime: completion.endTime, inputs: completion.inputs, error: failure.message))
            throw failure
        }
    }

    /// A tool's error as the run reports it: promptflow's `Execution failure in '<node>': (<Type>) <message>`.
    static func failure(_ error: any Error, node: String) -> FlowRunError {
        let prefix = "Execution failure in '\(node)': "
        switch error {
        case let error as FlowRunError:
            return error
        case let error as PythonToolError:
            return .user(prefix + "(\(error.type)) \(error.message)", node: node)
        case let error as PythonWorkerError:
            return .system(prefix + "(PythonWorkerError) \(error.description)", node: node)
        case let error as LLMError:
            return .user(prefix + "(WrappedOpenAIError) \(error.message)", node: node)
        case let error as ChatPromptError:
            return .user(prefix + "(\(error.exceptionType)) \(error.message)", node: node)
        case let error as TemplateError:
            return .user(prefix + "(\(error.kind.rawValue)) \(error.message)", node: node)
        default:
            return .system(prefix + "(\(type(of: error))) \(error)", node: node)
        }
    }
}
