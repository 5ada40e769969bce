import FlowSpec
import Foundation
import PythonHost

/// The python tool: calls the node's `@tool` function through the worker pool with JSON arguments.
/// Connection parameters are sent as `{"$connection": …}`; a generator streams when its output feeds a flow output.
/// A package tool (`source: {type: package}`) is called the same way, imported from the flow's environment.
struct PythonTool: NodeTool {
    let path: String
    /// For a package tool: its function as `module:function`.
    var package: PythonEntry? = nil
    let signature: ToolSignature
    let runner: any PythonToolRunner
    /// Connection arguments by parameter name, resolved at load (never recorded: they hold secrets).
    let connectionArguments: FlowObject
    let timeout: Duration?

    func hasDefault(_ name: String) -> Bool { signature.parameter(named: name)?.hasDefault ?? false }

    func invoke(_ inputs: FlowObject, _ invocation: ToolInvocation) async throws -> ToolOutput {
        var arguments = inputs
        for (name, value) in connectionArguments { arguments[name] = value }
        var bytes: [UInt8] = []
        FlowValue.object(arguments).writeJSON(.compact, into: &bytes)
        let data = Data(bytes)
        if invocation.stream && signature.isGenerator {
            let chunks =
                if let package { runner.stream(entry: package, arguments: data, timeout: timeout) } else {
                    runner.stream(tool: path, arguments: data, timeout: timeout)
                }
            return ToolOutput(value: .stream(Self.text(chunks)))
        }
        let result =
            if let package { try await runner.call(entry: package, arguments: data, timeout: timeout) } else {
                try await runner.call(tool: path, arguments: data, timeout: timeout)
            }
        let value = try FlowValue(jsonBytes: [UInt8](result.value))
        var output = ToolOutput(value: .value(value))
        if result.isGenerator, case .list(let items) = value {
            output.value = .value(.string(items.map(PythonRepr.str).joined()))
        }
        output.metrics = result.metrics
        return output
    }

    func coerce(_ value: FlowValue, for name: String) throws -> FlowValue {
        guard let parameter = signature.parameter(named: name), case .value(let type) = Self.parameterType(parameter)
        else { return value }
        do throws(ValueParseError) {
            return try ValueParser.parse(value, as: type)
        } catch {
            throw FlowRunError.user("Input '\(name)' of value '\(PythonRepr.str(value))' is not type \(type.rawValue).")
        }
    }

    /// Each yielded chunk as `str(chunk)`.
    static func text(_ chunks: AsyncThrowingStream<Data, any Error>) -> ChunkStream {
        let (stream, continuation) = ChunkStream.makeStream()
        let pump = Task {
            do {
                for try await chunk in chunks {
                    continuation.yield(PythonRepr.str(try FlowValue(jsonBytes: [UInt8](chunk))))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }

    /// The declared type of a parameter, from its annotation or its default (promptflow's `param_to_definition`).
    static func parameterType(_ parameter: ToolParameter) -> ParameterType {
        switch parameter.annotation {
        case "int": return .value(.int)
        case "float": return .value(.double)
        case "bool": return .value(.bool)
        case "str": return .value(.string)
        case "list": return .value(.list)
        case "Image": return .value(.image)
        case let name? where name.hasSuffix("Connection"): return .connection
        case nil:
            guard let data = parameter.defaultValue, let value = try? FlowValue(jsonBytes: [UInt8](data)), !value.isNull
            else { return .value(.object) }
            return .value(ValueType.inferred(from: value))
        default: return .value(.object)
        }
    }

    /// What a parameter's annotation asks for.
    enum ParameterType {
        case value(ValueType)
        case connection
    }
}
