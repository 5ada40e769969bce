import FlowSpec
import Foundation
import PythonHost

/// Runs a flex flow (`flow.flex.yaml`): its `module:function` entry, or an instance of its `module:Class` entry
/// built once per worker with the init values, called per run with inputs parsed from the entry's signature.
struct FlexRunner: Sendable {
    let entry: PythonEntry
    let signature: EntrySignature
    let inputs: [FlexInput]
    let runner: any PythonToolRunner
    let connections: (any ConnectionProvider)?
    let timeout: Duration?

    /// What promptflow names in `Execution failure in '…'`: the function's `__qualname__` (`Echo.__call__`).
    var name: String { signature.qualifiedName }

    /// The entry's inputs as flow inputs (promptflow's inputs definition of a flex flow): a Python default makes
    /// an input optional with that default; connection inputs are strings (the connection's name).
    var flowInputs: [FlowInput] {
        inputs.map { input in
            let type: ValueType
            switch input.kind {
            case .value(let declared): type = declared
            case .connection: type = .string
            case .untyped: type = .object
            }
            var defaultValue = input.defaultValue
            if defaultValue == nil, input.hasPythonDefault {
                let parameter = signature.call.parameter(named: input.name)
                defaultValue = parameter?.defaultValue.flatMap { try? FlowValue(jsonBytes: [UInt8]($0)) } ?? .null
            }
            return FlowInput(name: input.name, type: type, defaultValue: defaultValue)
        }
    }

    /// Whether the entry is a generator function, so its chunks can be handed over as they come.
    var streams: Bool { signature.call.isGenerator }

    /// Imports the entry, resolves connection-typed init values and, for a class, builds it once now so that a
    /// failing constructor is a load error. `initValues` replaces `sample.init`; declared init defaults fill gaps.
    static func prepare(
        _ flow: Flow, connections: (any ConnectionProvider)?, runner: (any PythonToolRunner)?,
        initValues: FlowObject?, timeout: Duration?
    ) async throws -> FlexRunner {
        guard let spec = flow.flex else { throw FlowRunError.system("The flow has no flex definition.") }
        guard let runner else {
            throw FlowRunError.system(
                "The flex flow's entry '\(spec.entry)' is Python, and no Python worker pool was given to the executor.")
        }
        let described = try await inspect(PythonEntry(entry: spec.entry), with: runner)
        var entry = PythonEntry(entry: spec.entry)
        if described.isClass {
            var values = initValues ?? spec.sample?.objectValue?["init"]?.objectValue ?? [:]
            for parameter in spec.initParameters where values[parameter.name] == nil {
                if let value = parameter.defaultValue, value != .string("") { values[parameter.name] = value }
            }
            var arguments = FlowObject()
            for (name, value) in values {
                let declared = spec.initParameters.first { $0.name == name }?.type
                let annotation = described.initParameters.first { $0.name == name }?.annotation
                let isConnection = [declared, annotation].contains { $0?.hasSuffix("Connection") ?? false }
                if isConnection, case .string(let connection) = value {
                    arguments[name] = try await resolve(
                        connection, connections, purpose: "init parameter '\(name)' of the flow entry")
                } else {
                    arguments[name] = value
                }
            }
            var bytes: [UInt8] = []
            FlowValue.object(arguments).writeJSON(.compact, into: &bytes)
            entry.initArguments = Data(bytes)
            _ = try await inspect(entry, with: runner)
        }
        return FlexRunner(
            entry: entry, signature: described,
            inputs: FlexInput.inputs(of: described.call.parameters, declared: flow.inputs),
            runner: runner, connections: connections, timeout: timeout)
    }

    static func inspect(_ entry: PythonEntry, with runner: any PythonToolRunner) async throws -> EntrySignature {
        do {
            return try await runner.inspect(entry: entry)
        } catch let error as PythonToolError {
            throw FlowRunError.user(error.message)
        } catch let error as FlowRunError {
            throw error
        } catch {
            throw FlowRunError.system("Failed to load the flow entry '\(entry.entry)': \(error)")
        }
    }

    static func resolve(
        _ name: String, _ connections: (any ConnectionProvider)?, purpose: String
    ) async throws -> FlowValue {
        let found: Connection?
        do {
            found = try await connections?.connection(named: name)
        } catch {
            throw FlowRunError.user("Connection '\(name)' required by \(purpose) cannot be resolved: \(error)")
        }
        guard let found else { throw FlowRunError.user("Connection '\(name)' required by \(purpose) is not found.") }
        return NodePreparer.argument(for: found)
    }

    /// The run's inputs as promptflow checks them: required ones present, declared defaults applied, values parsed
    /// to their types (the same user errors as DAG flow inputs). `sample.inputs` is never used here: filling
    /// missing inputs from it is `flow test`'s choice (`FlowTestInputs.filled`), never a served run's.
    func parse(_ given: FlowObject) throws(FlowRunError) -> FlowObject {
        let missing = inputs.filter { $0.isRequired && given[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            throw .user(
                "Required input fields \(PythonRepr.repr(strings: missing)) are missing in request data "
                    + PythonRepr.repr(.object(given)))
        }
        var parsed = FlowObject()
        for input in inputs {
            guard let value = given[input.name] ?? input.defaultValue else { continue }
            if case .value(let type) = input.kind {
                parsed[input.name] = try FlowInputParser.parse(value, as: type, name: input.name)
            } else {
                parsed[input.name] = value
            }
        }
        return parsed
    }

    /// Calls the entry with parsed inputs (connection inputs resolved); a generator streams when `stream` is set.
    func invoke(_ inputs: FlowObject, stream: Bool) async throws -> NodeValue {
        var arguments = inputs
        for input in self.inputs {
            guard case .connection = input.kind, case .string(let name)? = inputs[input.name] else { continue }
            arguments[input.name] = try await Self.resolve(
                name, connections, purpose: "input '\(input.name)' of the flow entry")
        }
        var bytes: [UInt8] = []
        FlowValue.object(arguments).writeJSON(.compact, into: &bytes)
        let data = Data(bytes)
        if stream && streams {
            return .stream(PythonTool.text(runner.stream(entry: entry, arguments: data, timeout: timeout)))
        }
        let result = try await runner.call(entry: entry, arguments: data, timeout: timeout)
        let value = try FlowValue(jsonBytes: [UInt8](result.value))
        if result.isGenerator, case .list(let items) = value {
            return .value(.string(items.map(PythonRepr.str).joined()))
        }
        return .value(value)
    }

    /// Calls a class entry's `__aggregate__` with the list of line outputs; its result (a dict is the metrics).
    func aggregate(_ outputs: FlowValue) async throws -> FlowValue {
        guard let parameter = signature.aggregateParameter else { return .null }
        var aggregation = entry
        aggregation.method = "__aggregate__"
        var bytes: [UInt8] = []
        FlowValue.object([parameter: outputs]).writeJSON(.compact, into: &bytes)
        let result = try await runner.call(entry: aggregation, arguments: Data(bytes), timeout: timeout)
        return try FlowValue(jsonBytes: [UInt8](result.value))
    }

    /// An entry's error as promptflow reports it: `Execution failure in '<qualname>': (<Type>) <message>` for an
    /// exception in the call; load and init failures keep the worker's message (promptflow's wording).
    func failure(_ error: any Error, function: String? = nil) -> FlowRunError {
        if let error = error as? PythonToolError, error.phase != .call {
            return .user(error.message)
        }
        var failure = LineRun.failure(error, node: function ?? name)
        failure.node = nil
        return failure
    }
}
